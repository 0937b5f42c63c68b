"""The main menu. Each entry names the roles that see it (None: every signed-in user)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Role


class Section(StrEnum):
    """Menu groups, in the order of the governance cycle the people using them follow."""

    MINE = "mine"
    GOVERNANCE = "governance"
    MONITORING = "monitoring"
    PUBLISHING = "publishing"
    ADMINISTRATION = "administration"


SECTION_LABELS: dict[Section, str | Promise] = {
    Section.MINE: _("My work"),
    Section.GOVERNANCE: _("Governance"),
    Section.MONITORING: _("Monitoring"),
    Section.PUBLISHING: _("Publishing"),
    Section.ADMINISTRATION: _("Administration"),
}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    roles: frozenset[str] | None = None
    section: Section = Section.GOVERNANCE
    # For entries that follow a grant rather than a role: who sees it, instead of `roles`.
    shown_to: Callable[[Any], bool] | None = None

    def visible_to(self, user: Any, roles: set[str]) -> bool:
        if self.shown_to is not None:
            return self.shown_to(user)
        return self.roles is None or bool(self.roles & roles)


# Who sees the drafts and the calendar: those who write, approve or audit posts.
PUBLISHING_READERS = frozenset(
    {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.CHANNEL_OWNER, Role.COMMUNITY_MANAGER}
)

# Who opens the reports: everyone with a dashboard of their own there (see reports.access).
REPORT_READERS = frozenset(
    {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST, Role.CHANNEL_OWNER}
)

NAVIGATION: list[NavItem] = [
    NavItem(_("My tasks"), "core:task-list", section=Section.MINE),
    NavItem(_("My portal"), "portal:home", section=Section.MINE),
    NavItem(_("My linked accounts"), "channels:linked-mine", section=Section.MINE),
    NavItem(_("Channels"), "channels:channel-list"),
    NavItem(
        _("Access reviews"),
        "channels:review-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.CHANNEL_OWNER, Role.AUDITOR}),
    ),
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
    NavItem(_("Reports"), "reports:dashboard", REPORT_READERS),
    NavItem(
        _("Board reports"),
        "reports:board-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR}),
    ),
    NavItem(_("Policies"), "policies:policy-list"),
    NavItem(_("Training"), "awareness:module-list"),
    NavItem(
        _("Alerts"),
        "monitoring:alert-list",
        frozenset(
            {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST, Role.CHANNEL_OWNER}
        ),
        Section.MONITORING,
    ),
    NavItem(
        _("Incidents"),
        "incidents:incident-list",
        frozenset(
            {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST, Role.CHANNEL_OWNER}
        ),
        Section.MONITORING,
    ),
    NavItem(
        _("Incident board"),
        "incidents:incident-board",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST}),
        Section.MONITORING,
    ),
    NavItem(
        _("Lookalike accounts"),
        "channels:discovered-list",
        frozenset(
            {Role.ADMIN, Role.GOVERNANCE_LEAD, Role.ANALYST, Role.AUDITOR, Role.CHANNEL_OWNER}
        ),
        Section.MONITORING,
    ),
    NavItem(
        _("Connectors"),
        "monitoring:connector-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR}),
        Section.MONITORING,
    ),
    NavItem(
        _("Drafts"),
        "publishing:draft-list",
        PUBLISHING_READERS,
        Section.PUBLISHING,
    ),
    NavItem(
        _("Publishing calendar"),
        "publishing:calendar",
        PUBLISHING_READERS,
        Section.PUBLISHING,
    ),
    NavItem(
        _("Archive search"),
        "archive:search",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.LEGAL, Role.AUDITOR}),
        Section.ADMINISTRATION,
    ),
    NavItem(
        _("Legal holds"),
        "archive:hold-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.LEGAL}),
        Section.ADMINISTRATION,
    ),
    NavItem(
        _("People"),
        "core:person-list",
        frozenset({Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST}),
        Section.ADMINISTRATION,
    ),
    NavItem(
        _("Audit log"),
        "core:audit-list",
        frozenset({Role.ADMIN, Role.AUDITOR}),
        Section.ADMINISTRATION,
    ),
]
