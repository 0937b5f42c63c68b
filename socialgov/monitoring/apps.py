from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "socialgov.monitoring"
    label = "monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from socialgov.monitoring import access as policies  # noqa: F401  (registrations)
        from socialgov.monitoring import (  # noqa: F401  (registrations)
            cards,
            demo,
            engine_texts,
            linked_accounts,
            texts,
        )
        from socialgov.monitoring.platforms import cards as platform_cards  # noqa: F401  (registrations)
        from socialgov.monitoring.platforms import demo as platform_demo  # noqa: F401  (registrations)
