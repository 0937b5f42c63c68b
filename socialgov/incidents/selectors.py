"""Reads on incidents, all through the permission layer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

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


def incident_filter(
    incidents: models.QuerySet[Incident], *, status: str = "", severity: str = "", kind: str = ""
) -> models.QuerySet[Incident]:
    if status == "active":
        incidents = incidents.filter(status__in=ACTIVE)
    elif status:
        incidents = incidents.filter(status=status)
    if severity:
        incidents = incidents.filter(severity=severity)
    if kind:
        incidents = incidents.filter(kind=kind)
    return incidents


def incident_links(incident: Incident) -> dict[str, Any]:
    """What the incident is linked to, for its page: channels, alerts, lookalike accounts,
    the active access grants on its channels, and the risks of its channels."""
    from socialgov.channels.models import AccessGrant, GrantStatus
    from socialgov.risks.models import ChannelRisk, Control

    channel_ids = list(incident.channels.values_list("pk", flat=True))
    return {
        "channels": list(incident.channels.select_related("owner")),
        "alerts": list(incident.alerts.order_by("-first_seen_at")[:50]),
        "accounts": list(incident.discovered_accounts.all()[:50]),
        "grants": list(
            AccessGrant.objects.filter(channel_id__in=channel_ids, status=GrantStatus.ACTIVE)
            .select_related("person", "channel")
            .order_by("channel_id", "pk")[:100]
        ),
        "risks": list(
            ChannelRisk.objects.filter(channel_id__in=channel_ids)
            .select_related("risk_type", "channel")
            .order_by("channel_id", "pk")[:100]
        ),
        "controls": list(Control.objects.filter(retired=False).order_by("key")[:300]),
    }


def timeline_of(incident: Incident) -> list[TimelineEntry]:
    return list(incident.timeline.select_related("actor").order_by("created_at", "id"))


def playbook_list(*, user: AnyUser) -> models.QuerySet[Playbook]:
    return permissions.visible(user, Playbook.objects.filter(retired=False))


def playbooks_for(kind: str) -> list[Playbook]:
    return list(Playbook.objects.filter(kind=kind, retired=False).order_by("key"))


def playbook_for(kind: str) -> Playbook | None:
    return Playbook.objects.filter(kind=kind, retired=False).order_by("key").first()


@dataclass
class BoardColumn:
    severity: str
    label: str
    incidents: list[Incident] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.incidents)


def incident_board(*, user: AnyUser, limit: int = 25) -> list[BoardColumn]:
    """Active incidents by severity, worst first, oldest first within a severity; each column
    shows `limit` and counts the rest (the list page, filtered, shows them all)."""
    columns = {
        value: BoardColumn(value, str(label)) for value, label in reversed(IncidentSeverity.choices)
    }
    active = incident_list(user=user).filter(status__in=ACTIVE)
    for row in active.order_by().values("severity").annotate(total=models.Count("pk")):
        if row["severity"] in columns:
            columns[row["severity"]].total = row["total"]
    ordered = active.order_by("detected_at", "id")
    for severity, column in columns.items():
        if column.total:
            column.incidents = list(ordered.filter(severity=severity)[:limit])
    return list(columns.values())


def incidents_in_quarter(*, channel_id: int, now: dt.datetime | None = None) -> int:
    """The KRI incidents_per_quarter: incidents detected on the channel in the last 91 days."""
    since = (now or timezone.now()) - dt.timedelta(days=91)
    return Incident.objects.filter(channels__id=channel_id, detected_at__gte=since).count()
