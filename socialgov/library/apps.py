from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "socialgov.library"
    label = "library"
    verbose_name = _("Reference library")

    def ready(self) -> None:
        from socialgov.library import access as policies  # noqa: F401  (registers access policies)
