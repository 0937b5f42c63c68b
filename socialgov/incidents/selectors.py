"""Reads on incidents, all through the permission layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.incidents.models import (
    Incident,
    IncidentSeverity,
    IncidentStatus,
    Playbook,
    TimelineEntry,
)

ACTIVE = (IncidentStatus.OPEN, IncidentStatus.CONTAINED)


def incident_list(*, user: AnyUser) -> models.QuerySet[Incident]:
    return permissions.visible(user, Incident.objects.select_related("lead", "playbook"))


def incident_get(*, user: AnyUser, pk: int) -> Incident:
    """The incident if the user may see it; Incident.DoesNotExist otherwise."""
    return incident_list(user=user).get(pk=pk)


def timeline_of(incident: Incident) -> list[TimelineEntry]:
    return list(incident.timeline.select_related("actor").order_by("created_at", "id"))


def playbook_list(*, user: AnyUser) -> models.QuerySet[Playbook]:
    return permissions.visible(user, Playbook.objects.filter(retired=False))


def playbook_for(kind: str) -> Playbook | None:
    return Playbook.objects.filter(kind=kind, retired=False).order_by("key").first()


@dataclass
class BoardColumn:
    severity: str
    label: str
    incidents: list[Incident] = field(default_factory=list)


def incident_board(*, user: AnyUser, limit: int = 200) -> list[BoardColumn]:
    """Active incidents by severity, worst first, oldest first within a severity."""
    columns = {
        value: BoardColumn(value, str(label)) for value, label in reversed(IncidentSeverity.choices)
    }
    active = incident_list(user=user).filter(status__in=ACTIVE).order_by("detected_at", "id")
    for severity, column in columns.items():
        column.incidents = list(active.filter(severity=severity)[:limit])
    return list(columns.values())


def incidents_in_quarter(*, channel_id: int, now: dt.datetime | None = None) -> int:
    """The KRI incidents_per_quarter: incidents detected on the channel in the last 91 days."""
    since = (now or timezone.now()) - dt.timedelta(days=91)
    return Incident.objects.filter(channels__id=channel_id, detected_at__gte=since).count()
