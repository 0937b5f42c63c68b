"""Who may see and change training modules, campaigns, assignments and attempts."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.awareness.models import Assignment, Attempt, AwarenessCampaign, TrainingModule
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register


@register(TrainingModule)
class TrainingModulePolicy(Policy):
    """Training content is open to everyone in the organisation."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset


@register(AwarenessCampaign)
class AwarenessCampaignPolicy(Policy):
    """People see the campaigns that address them; unit leads those reaching their units."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(assignments__person_id=permissions.person_id(user))
        units = permissions.org_unit_q(user, "assignments__person__org_unit", Role.GOVERNANCE_LEAD)
        ids = queryset.filter(own | units).values("pk")
        return queryset.filter(pk__in=ids)


@register(Assignment)
class AssignmentPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(person_id=permissions.person_id(user))
        # Scoped on the unit recorded on the assignment (an indexed IN, no join to people):
        # this keeps the completion dashboard fast for unit leads.
        units = models.Q(org_unit_id__in=permissions.org_unit_ids(user, Role.GOVERNANCE_LEAD))
        return queryset.filter(own | units)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        return person is not None and obj.person_id == person


@register(Attempt)
class AttemptPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(assignment__person_id=permissions.person_id(user))
        units = permissions.org_unit_q(user, "assignment__person__org_unit", Role.GOVERNANCE_LEAD)
        return queryset.filter(own | units)
