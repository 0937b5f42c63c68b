from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "socialgov.core"
    label = "core"
    verbose_name = _("People, roles and audit")

    def ready(self) -> None:
        from socialgov.core import access as policies  # noqa: F401  (registers policies, receivers)
        from socialgov.core import accountability, receivers  # noqa: F401  (messages, receivers)
