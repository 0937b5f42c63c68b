"""The main menu. Each entry names the roles that see it (None: every signed-in user)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Role


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None


NAVIGATION: list[NavItem] = [
    NavItem(_("Dashboard"), "web:dashboard"),
    NavItem(_("My tasks"), "core:task-list"),
    NavItem(_("Channels"), "channels:channel-list"),
    NavItem(
        _("Access reviews"),
        "channels:review-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.CHANNEL_OWNER, Role.AUDITOR}),
    ),
    NavItem(
        _("Lookalike accounts"),
        "channels:discovered-list",
        frozenset(
            {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.ANALYST, Role.AUDITOR, Role.CHANNEL_OWNER}
        ),
    ),
    NavItem(_("My linked accounts"), "channels:linked-mine"),
    NavItem(_("My portal"), "portal:home"),
    NavItem(_("Policies"), "policies:policy-list"),
    NavItem(_("Training"), "awareness:module-list"),
    NavItem(
        _("Assessments"),
        "assessments:assessment-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.CHANNEL_OWNER}),
    ),
    NavItem(
        _("Strategy"),
        "strategy:objective-list",
        frozenset(
            {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.CHANNEL_OWNER, Role.ANALYST}
        ),
    ),
    NavItem(
        _("People"),
        "core:person-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST}),
    ),
    NavItem(_("Audit log"), "core:audit-list", frozenset({Role.ADMIN, Role.AUDITOR})),
]
