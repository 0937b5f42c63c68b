from __future__ import annotations

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import (
    ApiToken,
    AuditEvent,
    EmploymentStatus,
    Notification,
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
    ScopeType,
    Task,
    TaskStatus,
    User,
)
from socialgov.core.permissions import AnyUser


def org_unit_list(*, user: AnyUser) -> models.QuerySet[OrgUnit]:
    return permissions.visible(user, OrgUnit.objects.select_related("parent"))


def person_list(
    *, user: AnyUser, search: str = "", active_only: bool = False
) -> models.QuerySet[Person]:
    people = Person.objects.select_related("org_unit", "manager")
    if search:
        people = people.filter(
            models.Q(first_name__icontains=search)
            | models.Q(last_name__icontains=search)
            | models.Q(email__icontains=search)
            | models.Q(employee_id__iexact=search)
        )
    if active_only:
        people = people.filter(employment_status=EmploymentStatus.ACTIVE)
    return permissions.visible(user, people)


def task_list(
    *, user: AnyUser, open_only: bool = False, mine: bool = False
) -> models.QuerySet[Task]:
    tasks = Task.objects.select_related("owner", "content_type")
    if open_only:
        tasks = tasks.filter(status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS])
    if mine:
        tasks = tasks.filter(owner_id=permissions.person_id(user))
    return permissions.visible(user, tasks)


def audit_event_list(*, user: AnyUser) -> models.QuerySet[AuditEvent]:
    return permissions.visible(user, AuditEvent.objects.all())


def notification_list(*, user: AnyUser, unread_only: bool = False) -> models.QuerySet[Notification]:
    notifications = Notification.objects.all()
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return permissions.visible(user, notifications)


def people_with_role(role: Role) -> list[Person]:
    """Active people holding `role` over the whole organisation, in a stable order."""
    ids = RoleAssignment.objects.filter(
        role=role, scope_type=ScopeType.ORGANISATION, user__is_active=True
    ).values_list("user__person_id", flat=True)
    return list(
        Person.objects.filter(pk__in=ids, employment_status=EmploymentStatus.ACTIVE).order_by("pk")
    )


def governance_leads() -> list[Person]:
    """Who answers for governance: the organisation-wide governance leads, or the admins when
    there are none, so an escalation always reaches someone."""
    return people_with_role(Role.GOVERNANCE_LEAD) or people_with_role(Role.ADMIN)


def analysts() -> list[Person]:
    """Organisation-wide security analysts, who act on security alerts."""
    return people_with_role(Role.ANALYST)


def task_get(*, user: AnyUser, pk: int) -> Task | None:
    return task_list(user=user).filter(pk=pk).first()


def api_token_list(*, user: User) -> models.QuerySet[ApiToken]:
    """The user's own personal API tokens, newest first (nobody lists another's)."""
    return (
        ApiToken.objects.filter(token__user=user)
        .select_related("token")
        .order_by("-token__created")
    )
