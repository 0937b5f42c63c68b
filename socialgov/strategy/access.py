from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.strategy.models import Objective


@register(Objective)
class ObjectivePolicy(Policy):
    """Channel owners and analysts read the whole strategy (it frames their channels); the
    owner of an objective keeps its figures up to date."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if permissions.has_role(user, Role.CHANNEL_OWNER, Role.ANALYST, Role.GOVERNANCE_LEAD):
            return queryset
        return queryset.filter(owner_id=permissions.person_id(user))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        return person is not None and obj.owner_id == person
