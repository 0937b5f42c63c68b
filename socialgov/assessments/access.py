"""Who may see and change maturity models and assessments."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.assessments.models import Assessment, AssessmentGap, MaturityModel
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register


@register(MaturityModel)
class MaturityModelPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset


@register(Assessment)
class AssessmentPolicy(Policy):
    """Respondents see the assessments they answer; a governance lead of an org unit sees and
    runs those of the unit's subtree."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        respondent = models.Q(respondents__person_id=permissions.person_id(user))
        units = permissions.org_unit_q(user, "org_unit", Role.GOVERNANCE_LEAD)
        return queryset.filter(pk__in=queryset.filter(respondent | units).values("pk"))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        if obj.org_unit_id is None:
            return False
        return obj.org_unit_id in permissions.org_unit_ids(user, Role.GOVERNANCE_LEAD)


@register(AssessmentGap)
class AssessmentGapPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        units = permissions.org_unit_q(user, "assessment__org_unit", Role.GOVERNANCE_LEAD)
        return queryset.filter(units)
