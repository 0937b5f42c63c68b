from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwarenessConfig(AppConfig):
    name = "socialgov.awareness"
    label = "awareness"
    verbose_name = _("Awareness training")

    def ready(self) -> None:
        from socialgov.awareness import access as policies  # noqa: F401  (registers hooks)
        from socialgov.awareness import cards, demo, texts  # noqa: F401  (registers hooks)
        from socialgov.awareness.library import TrainingModuleLoader
        from socialgov.library.registry import register_loader

        register_loader(TrainingModuleLoader())
