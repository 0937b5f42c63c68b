from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from socialgov.channels.models import Channel, ChannelStatus
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
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


def _without_objective(user: AnyUser) -> models.QuerySet[Channel]:
    today = timezone.localdate()
    current = Objective.objects.filter(
        status=ObjectiveStatus.ACTIVE, period_start__lte=today, period_end__gte=today
    )
    channels = permissions.visible(user, Channel.objects.select_related("owner"))
    return channels.exclude(status=ChannelStatus.RETIRED).exclude(
        pk__in=current.exclude(channel__isnull=True).values("channel_id")
    )


def channels_without_objective(*, user: AnyUser, limit: int = 500) -> list[Channel]:
    """Channels in use that no current objective points at: each is a governance gap."""
    return list(_without_objective(user).order_by("platform", "handle")[:limit])


def channels_without_objective_count(*, user: AnyUser) -> int:
    return _without_objective(user).order_by().count()


def objectives_for_channel(*, user: AnyUser, channel: Channel) -> models.QuerySet[Objective]:
    return objective_list(user=user).filter(channel=channel)
