"""Reads of the risk register, always through the access policies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import TaskStatus
from socialgov.core.permissions import AnyUser
from socialgov.risks.models import (
    KRI,
    AcceptanceStatus,
    ChannelRisk,
    Control,
    KRIMeasurement,
    RiskAcceptance,
    RiskMatrix,
    RiskScoreChange,
    RiskStatus,
    RiskTreatment,
    RiskType,
)

OPEN_STATUSES = (RiskStatus.OPEN, RiskStatus.IN_TREATMENT)


@dataclass(frozen=True)
class RiskFilters:
    channel: int | None = None
    platform: str = ""
    purpose: str = ""
    level: str = ""
    owner: int | None = None
    status: str = ""
    overdue: bool = False
    reassess: bool = False
    risk_type: int | None = None
    # Heat map cells: which side and which cell.
    side: str = ""
    likelihood: int | None = None
    impact: int | None = None
    matrix: int | None = None


def channel_list(*, user: AnyUser) -> models.QuerySet[Channel]:
    """Channels the user may see (for pickers and the wizard)."""
    return permissions.visible(user, Channel.objects.all())


def level_colours() -> list[str]:
    """Every colour a level of a matrix may be painted in (public: they are library content)."""
    return [
        band.get("colour", "")
        for bands in RiskMatrix.objects.values_list("bands", flat=True)
        for band in bands or []
        if isinstance(band, dict)
    ]


def risk_type_list(*, user: AnyUser, include_retired: bool = False) -> models.QuerySet[RiskType]:
    types = RiskType.objects.all()
    if not include_retired:
        types = types.filter(retired=False)
    return permissions.visible(user, types)


def matrix_list(*, user: AnyUser) -> models.QuerySet[RiskMatrix]:
    return permissions.visible(user, RiskMatrix.objects.filter(retired=False))


def control_list(*, user: AnyUser, include_retired: bool = False) -> models.QuerySet[Control]:
    controls = Control.objects.prefetch_related("risk_types")
    if not include_retired:
        controls = controls.filter(retired=False)
    return permissions.visible(user, controls)


def risk_list(
    *, user: AnyUser, filters: RiskFilters | None = None, today: dt.date | None = None
) -> models.QuerySet[ChannelRisk]:
    filters = filters or RiskFilters()
    risks = ChannelRisk.objects.select_related("channel", "risk_type", "owner", "matrix")
    if filters.channel:
        risks = risks.filter(channel_id=filters.channel)
    if filters.platform:
        risks = risks.filter(channel__platform=filters.platform)
    if filters.purpose:
        risks = risks.filter(channel__purpose=filters.purpose)
    if filters.level:
        risks = risks.filter(residual_level=filters.level)
    if filters.owner:
        risks = risks.filter(owner_id=filters.owner)
    if filters.status:
        risks = risks.filter(status=filters.status)
    if filters.risk_type:
        risks = risks.filter(risk_type_id=filters.risk_type)
    if filters.overdue:
        risks = risks.filter(status__in=OPEN_STATUSES, due_date__lt=today or timezone.localdate())
    if filters.reassess:
        risks = risks.filter(needs_reassessment=True)
    if filters.matrix:
        risks = risks.filter(matrix_id=filters.matrix)
    if filters.side in ("inherent", "residual") and filters.likelihood and filters.impact:
        risks = risks.filter(
            **{
                f"{filters.side}_likelihood": filters.likelihood,
                f"{filters.side}_impact": filters.impact,
            }
        )
    return permissions.visible(user, risks)


def choice_labels(choices: list[tuple[str, Any]]) -> dict[str, str]:
    """Labels of a choice set translated once: Django's get_FOO_display translates the whole set
    on every call, which dominates a page of hundreds of rows."""
    return {value: str(label) for value, label in choices}


def channel_label(channel: Any, platforms: dict[str, str]) -> str:
    """What Channel.__str__ says, with the platform labels translated once per page."""
    platform = platforms.get(channel.platform, channel.platform)
    return f"{platform} {channel.display_name or channel.handle}"


def label_risks(risks: Iterable[ChannelRisk]) -> list[ChannelRisk]:
    """Attach display labels (channel, treatment, status) to each risk of a page."""
    from socialgov.channels.models import Platform
    from socialgov.risks.models import Treatment

    platforms = choice_labels(Platform.choices)
    treatments = choice_labels(Treatment.choices)
    statuses = choice_labels(RiskStatus.choices)
    labelled = []
    for risk in risks:
        risk.channel_label = channel_label(risk.channel, platforms)  # type: ignore[attr-defined]
        risk.treatment_label = treatments.get(risk.treatment, risk.treatment)  # type: ignore[attr-defined]
        risk.status_label = statuses.get(risk.status, risk.status)  # type: ignore[attr-defined]
        labelled.append(risk)
    return labelled


def risk_channel_choices(*, user: AnyUser) -> list[tuple[int, str]]:
    """Channels that have risks the user may see, for filter menus."""
    from socialgov.channels.models import Channel, Platform

    platforms = choice_labels(Platform.choices)
    ids = risk_list(user=user).order_by().values("channel_id").distinct()
    channels = Channel.objects.filter(pk__in=models.Subquery(ids)).only(
        "pk", "platform", "handle", "display_name"
    )
    return [(channel.pk, channel_label(channel, platforms)) for channel in channels]


def risk_owner_choices(*, user: AnyUser) -> list[tuple[int, str]]:
    from socialgov.core.models import Person

    ids = risk_list(user=user).order_by().values("owner_id").distinct()
    return [(p.pk, p.full_name) for p in Person.objects.filter(pk__in=models.Subquery(ids))]


def risk_get(*, user: AnyUser, pk: int) -> ChannelRisk | None:
    return risk_list(user=user).filter(pk=pk).first()


def top_risks(*, user: AnyUser, limit: int = 10) -> list[ChannelRisk]:
    risks = risk_list(user=user).filter(status__in=OPEN_STATUSES)
    return list(risks.order_by("-residual_rank", "-residual_score", "id")[:limit])


def overdue_treatments(
    *, user: AnyUser, today: dt.date | None = None
) -> models.QuerySet[RiskTreatment]:
    today = today or timezone.localdate()
    treatments = RiskTreatment.objects.select_related(
        "task__owner", "risk__channel", "risk__risk_type"
    ).filter(task__due_date__lt=today, task__status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS])
    return permissions.visible(user, treatments).order_by("task__due_date", "id")


def expiring_acceptances(
    *, user: AnyUser, within_days: int = 30, today: dt.date | None = None
) -> models.QuerySet[RiskAcceptance]:
    today = today or timezone.localdate()
    acceptances = RiskAcceptance.objects.select_related(
        "risk__channel", "risk__risk_type", "accepted_by"
    ).filter(status=AcceptanceStatus.ACTIVE, expires_on__lte=today + dt.timedelta(days=within_days))
    return permissions.visible(user, acceptances).order_by("expires_on", "id")


def risk_history(*, user: AnyUser, risk: ChannelRisk) -> models.QuerySet[RiskScoreChange]:
    return permissions.visible(user, risk.history.select_related("actor").all())


def kri_list(*, user: AnyUser, channel: int | None = None) -> models.QuerySet[KRI]:
    kris = KRI.objects.select_related("channel", "owner")
    if channel:
        kris = kris.filter(channel_id=channel)
    return permissions.visible(user, kris)


def kri_measurements(*, user: AnyUser, kri: KRI, limit: int = 50) -> list[KRIMeasurement]:
    measurements = permissions.visible(user, kri.measurements.all())
    return list(measurements.order_by("-measured_at", "-id")[:limit])


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    level: str
    colour: str
    count: int = 0


@dataclass
class HeatMap:
    matrix: RiskMatrix
    side: str
    rows: list[list[HeatCell]] = field(default_factory=list)
    total: int = 0


def heat_maps(
    *, user: AnyUser, filters: RiskFilters | None = None
) -> list[tuple[HeatMap, HeatMap]]:
    """Inherent and residual counts per cell, one pair per matrix in use, from two grouped
    queries (no row is loaded)."""
    risks = risk_list(user=user, filters=filters).order_by()
    counts: dict[tuple[str, int], dict[tuple[int, int], int]] = defaultdict(dict)
    for side in ("inherent", "residual"):
        grouped = risks.values("matrix_id", f"{side}_likelihood", f"{side}_impact").annotate(
            n=models.Count("id")
        )
        for row in grouped:
            key = (side, row["matrix_id"])
            counts[key][(row[f"{side}_likelihood"], row[f"{side}_impact"])] = row["n"]
    matrix_ids = {matrix_id for _side, matrix_id in counts}
    pairs = []
    for matrix in RiskMatrix.objects.filter(pk__in=matrix_ids).order_by("-size", "key"):
        pair = []
        for side in ("inherent", "residual"):
            cells = counts.get((side, matrix.pk), {})
            heat = HeatMap(matrix=matrix, side=side)
            for likelihood in range(matrix.size, 0, -1):
                row = []
                for impact in range(1, matrix.size + 1):
                    band = matrix.spec.band(likelihood, impact)
                    count = cells.get((likelihood, impact), 0)
                    heat.total += count
                    row.append(HeatCell(likelihood, impact, band.key, band.colour, count))
                heat.rows.append(row)
            pair.append(heat)
        pairs.append((pair[0], pair[1]))
    return pairs


def risk_counts(*, user: AnyUser, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    risks = risk_list(user=user).order_by()
    return risks.aggregate(
        open=models.Count("id", filter=models.Q(status__in=OPEN_STATUSES)),
        overdue=models.Count("id", filter=models.Q(status__in=OPEN_STATUSES, due_date__lt=today)),
        reassess=models.Count("id", filter=models.Q(needs_reassessment=True)),
    )


def channel_get(*, user: AnyUser, pk: int) -> Channel | None:
    return channel_list(user=user).filter(pk=pk).first()


def kri_get(*, user: AnyUser, pk: int) -> KRI | None:
    return kri_list(user=user).filter(pk=pk).first()
