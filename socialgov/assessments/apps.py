from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "socialgov.assessments"
    label = "assessments"
    verbose_name = _("Maturity assessments")

    def ready(self) -> None:
        from socialgov.assessments import access as policies  # noqa: F401  (registers hooks)
        from socialgov.assessments import cards, demo, texts  # noqa: F401  (registers hooks)
        from socialgov.assessments.library import MaturityModelLoader
        from socialgov.library.registry import register_loader

        register_loader(MaturityModelLoader())
