"""Who sees and changes incidents: analysts and leads all; channel owners their channels';
employees what they reported; auditors read."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.incidents.models import Incident, Playbook


@register(Incident)
class IncidentPolicy(Policy):
    org_readers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)
    org_writers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        person = permissions.person_id(user)
        if person is None:
            return queryset.none()
        # The channel part through the link table alone: a join on the incidents themselves
        # would make every board and list query scan them all.
        on_my_channels = Incident.channels.through.objects.filter(
            models.Q(channel__owner_id=person) | models.Q(channel__deputy_id=person)
        ).values("incident_id")
        mine = models.Q(reported_by_id=person) | models.Q(lead_id=person)
        return queryset.filter(mine | models.Q(pk__in=on_my_channels))

    def can_create(self, user: AnyUser) -> bool:
        return super().can_create(user) or (
            user.is_authenticated and not permissions.is_read_only(user)
        )

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        if person is None:
            return False
        return bool(obj.lead_id == person or obj.channels.filter(owner_id=person).exists())


@register(Playbook)
class PlaybookPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset if user.is_authenticated else queryset.none()


def sees_full_incident(user: AnyUser, incident: Incident) -> bool:
    """Readers, the lead and the channel owners see everything; a reporter who is none of these
    sees what they reported and its status, not the analysts' notes or other evidence."""
    if permissions.has_org_role(user, *IncidentPolicy.org_readers):
        return True
    person = permissions.person_id(user)
    if person is None:
        return False
    if incident.lead_id == person:
        return True
    return incident.channels.filter(models.Q(owner_id=person) | models.Q(deputy_id=person)).exists()
