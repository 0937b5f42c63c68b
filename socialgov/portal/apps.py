from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "socialgov.portal"
    label = "portal"
    verbose_name = _("Employee portal")

    def ready(self) -> None:
        from socialgov.portal import linked_accounts, texts  # noqa: F401  (registers a section)
