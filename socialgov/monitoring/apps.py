from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "socialgov.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from socialgov.monitoring import (  # noqa: F401  (registrations)
            cards,
            demo,
            platform_cards,
            platform_demo,
            policies,
        )
