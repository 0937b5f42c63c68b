from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "socialgov.risks"
    label = "risks"
    verbose_name = _("Risk management")

    def ready(self) -> None:
        # Access policies, library loaders, dashboard cards and demo data register themselves.
        from socialgov.library.registry import register_loader
        from socialgov.risks import access as policies  # noqa: F401
        from socialgov.risks import cards, demo, receivers, sections, texts  # noqa: F401
        from socialgov.risks.library_loaders import (
            ControlLoader,
            RiskCatalogueLoader,
            RiskMatrixLoader,
        )

        for loader in (RiskMatrixLoader(), RiskCatalogueLoader(), ControlLoader()):
            register_loader(loader)
        _add_menu_entries()


def _add_menu_entries() -> None:
    from socialgov.core.models import Role
    from socialgov.web.navigation import NAVIGATION, NavItem

    if any(item.url_name == "risks:overview" for item in NAVIGATION):
        return
    readers = frozenset(
        {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST, Role.CHANNEL_OWNER}
    )
    # Before the audit log, which stays last.
    position = next(
        (i for i, item in enumerate(NAVIGATION) if item.url_name == "core:audit-list"),
        len(NAVIGATION),
    )
    NAVIGATION.insert(position, NavItem(_("Risks"), "risks:overview", readers))
