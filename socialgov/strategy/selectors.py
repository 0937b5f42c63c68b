from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.policies.audience import channel_model as get_channel_model
from socialgov.strategy.models import Objective, ObjectiveStatus, UsageType


def objective_list(*, user: AnyUser) -> models.QuerySet[Objective]:
    return permissions.visible(user, Objective.objects.select_related("owner"))


def current_objectives(*, user: AnyUser) -> models.QuerySet[Objective]:
    today = timezone.localdate()
    return objective_list(user=user).filter(
        status=ObjectiveStatus.ACTIVE, period_start__lte=today, period_end__gte=today
    )


@dataclass(frozen=True)
class Coverage:
    usage_type: str
    label: str
    objectives: list[Objective]

    @property
    def is_gap(self) -> bool:
        return not self.objectives


def coverage_by_usage_type(*, user: AnyUser) -> list[Coverage]:
    """Each usage type with its current objectives; one without any is a governance gap."""
    current = list(current_objectives(user=user))
    return [
        Coverage(value, str(label), [o for o in current if o.usage_type == value])
        for value, label in UsageType.choices
    ]


def channels_without_objective(*, user: AnyUser) -> list[models.Model]:
    """Channels of the register (when installed) that no current objective points at."""
    channel_model = get_channel_model()
    if channel_model is None:
        return []
    covered = set(
        current_objectives(user=user)
        .exclude(channel_id_ref__isnull=True)
        .values_list("channel_id_ref", flat=True)
    )
    channels = permissions.visible(user, channel_model._default_manager.all())
    return list(channels.exclude(pk__in=covered)[:500])
