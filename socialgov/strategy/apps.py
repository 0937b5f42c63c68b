from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "socialgov.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from socialgov.strategy import access as policies  # noqa: F401  (registers hooks)
        from socialgov.strategy import cards, demo, sections  # noqa: F401  (registers hooks)
