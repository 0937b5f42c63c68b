"""The employee's "report a social media issue": an incident the reporter follows, and a task
for the governance lead."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.core.models import Person, Role, RoleAssignment, ScopeType, Task, TaskPriority, User
from socialgov.core.services import task_create
from socialgov.core.texts import Message

ISSUE_SOURCE = "portal_report"


def issue_handler(reporter: Person) -> Person:
    """The governance lead of the reporter's org unit (nearest first), else an org-wide lead,
    else an administrator."""
    leads = RoleAssignment.objects.filter(
        role=Role.GOVERNANCE_LEAD,
        user__is_active=True,
        user__person__isnull=False,
        user__person__employment_status="active",
    ).select_related("org_unit", "user__person")
    unit_path = reporter.org_unit.path if reporter.org_unit else ""
    scoped = [
        a
        for a in leads
        if a.scope_type == ScopeType.ORG_UNIT
        and a.org_unit
        and unit_path.startswith(a.org_unit.path)
    ]
    if scoped:
        nearest = max(scoped, key=lambda a: len(a.org_unit.path))  # type: ignore[union-attr]
        return nearest.user.person  # type: ignore[return-value]
    org_wide = [a for a in leads if a.scope_type == ScopeType.ORGANISATION]
    if org_wide:
        return min(org_wide, key=lambda a: a.pk).user.person  # type: ignore[return-value]
    admin = (
        RoleAssignment.objects.filter(role=Role.ADMIN, user__person__isnull=False)
        .select_related("user__person")
        .order_by("pk")
        .first()
    )
    if admin is None:
        raise ValidationError(_("Nobody is set up to receive reports yet; contact IT."))
    return admin.user.person  # type: ignore[return-value]


@transaction.atomic
def issue_report(
    *, actor: User, summary: str, details: str = "", link: str = "", urgent: bool = False
) -> Task:
    reporter = actor.person
    if reporter is None:
        raise ValidationError(_("Only people of the organisation can report an issue."))
    summary = summary.strip()
    if not summary:
        raise ValidationError({"summary": _("Say in a few words what happened.")})
    description = "\n\n".join(
        part
        for part in (
            _("Reported by %(person)s (%(email)s).")
            % {"person": reporter, "email": reporter.email},
            details.strip()[:10_000],
            _("Link: %(link)s") % {"link": link.strip()[:2000]} if link.strip() else "",
        )
        if part
    )
    handler = issue_handler(reporter)
    from socialgov.incidents.intake import incident_open_from_report

    # The incident is what the reporter follows in the portal; the task is the handler's to-do.
    incident_open_from_report(
        actor=actor, summary=summary, details=details, link=link, urgent=urgent, lead=handler
    )
    return task_create(
        actor=actor,
        title=Message("portal.task.issue", {"summary": summary[:250]}),
        owner=handler,
        description=description,
        priority=TaskPriority.URGENT if urgent else TaskPriority.HIGH,
        source=ISSUE_SOURCE,
        subject=reporter,
    )
