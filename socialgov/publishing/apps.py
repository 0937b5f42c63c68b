from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "socialgov.publishing"
    label = "publishing"
    verbose_name = _("Publishing")

    def ready(self) -> None:
        from socialgov.publishing import access, texts  # noqa: F401  (registers hooks)
