from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "socialgov.channels"
    label = "channels"
    verbose_name = _("Channel register")

    def ready(self) -> None:
        # Registers access policies, the leaver signal receiver, dashboard cards and demo data.
        from socialgov.channels import access as policies  # noqa: F401
        from socialgov.channels import cards, demo, receivers, texts  # noqa: F401
