from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "socialgov.web"
    label = "web"
    verbose_name = _("Web interface")

    def ready(self) -> None:
        from socialgov.web import core_cards  # noqa: F401  (registers the dashboard cards)
