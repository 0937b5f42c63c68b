from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "socialgov.incidents"
    label = "incidents"
    verbose_name = _("Incidents")

    def ready(self) -> None:
        from socialgov.incidents import access, demo, portal_section, receivers, sections, texts  # noqa: F401
        from socialgov.incidents.library_loaders import PlaybookLoader
        from socialgov.library.registry import register_loader

        register_loader(PlaybookLoader())
