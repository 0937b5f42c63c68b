"""Who may see and change people, org units, roles, tasks and audit events."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import (
    AuditEvent,
    Notification,
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
    Task,
)
from socialgov.core.permissions import AnyUser, M, Policy, register


@register(OrgUnit)
class OrgUnitPolicy(Policy):
    """The org chart is not secret inside the organisation; only admins change it."""

    org_writers = (Role.ADMIN,)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset


@register(Person)
class PersonPolicy(Policy):
    """Analysts see everyone (to route alerts), unit leads their units, others themselves."""

    org_readers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(pk=permissions.person_id(user))
        units = permissions.org_unit_q(user, "org_unit", Role.GOVERNANCE_LEAD)
        return queryset.filter(own | units)


@register(RoleAssignment)
class RoleAssignmentPolicy(Policy):
    org_readers = (Role.ADMIN, Role.AUDITOR)
    org_writers = (Role.ADMIN,)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(user_id=user.pk)


@register(Task)
class TaskPolicy(Policy):
    """Everyone sees and works their own tasks; org-unit leads see those of their units."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(owner_id=permissions.person_id(user))
        units = permissions.org_unit_q(user, "owner__org_unit", Role.GOVERNANCE_LEAD)
        return queryset.filter(own | units)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return obj.owner_id is not None and obj.owner_id == permissions.person_id(user)


@register(Notification)
class NotificationPolicy(Policy):
    org_readers = (Role.ADMIN,)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(recipient_id=permissions.person_id(user))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return bool(obj.recipient_id == permissions.person_id(user))


@register(AuditEvent)
class AuditEventPolicy(Policy):
    """Read by admins and auditors; nobody writes through the API."""

    org_readers = (Role.ADMIN, Role.AUDITOR)
    org_writers = ()

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False
