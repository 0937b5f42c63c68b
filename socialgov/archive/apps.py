from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    name = "socialgov.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self) -> None:
        # Without this, a search outside a web request (a command, the bench) finds no policy.
        from socialgov.archive import access  # noqa: F401  (registers the access policy)
