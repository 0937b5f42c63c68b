from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "socialgov.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from socialgov.reports import access, texts  # noqa: F401
