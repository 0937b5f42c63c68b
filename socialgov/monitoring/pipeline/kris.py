"""Monitored figures into the risk register: each figure is counted for the current quarter,
per channel and organisation-wide, and recorded for the KRIs that follow it when it changed.
Counting from the stored rows (not adding one per event) keeps a retried batch from counting
twice."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from socialgov.channels.models import DiscoveredAccount, DiscoverySource
from socialgov.monitoring.models import Alert, Finding, PostKind, SpikeIncident
from socialgov.risks.metrics import MonitoredFigure
from socialgov.risks.models import KRI
from socialgov.risks.models.choices import MeasurementSource
from socialgov.risks.services import kri_record_value

NEGATIVE_KINDS = ("negative_volume", "negative_share")
LEAK_ANALYZERS = ("personal_data", "secrets", "confidential")
TOXIC_ANALYZERS = ("toxicity", "hate")
OWN_CHANNEL_KINDS = (PostKind.OWN_POST, PostKind.COMMENT, PostKind.INTERNAL)
LEAK_KINDS = (PostKind.OWN_POST, PostKind.INTERNAL)


def quarter_start(moment: dt.datetime) -> dt.datetime:
    month = 3 * ((moment.month - 1) // 3) + 1
    return moment.replace(month=month, day=1, hour=0, minute=0, second=0, microsecond=0)


def _count(figure: str, channel_id: int | None, since: dt.datetime) -> int:
    where = Q() if channel_id is None else Q(channel_id=channel_id)
    if figure == MonitoredFigure.NEGATIVE_MENTION_SPIKES:
        alert_where = Q() if channel_id is None else Q(alert__channel_id=channel_id)
        return SpikeIncident.objects.filter(
            alert_where, kind__in=NEGATIVE_KINDS, alert__first_seen_at__gte=since
        ).count()
    if figure == MonitoredFigure.IMPERSONATORS_FOUND:
        account_where = Q() if channel_id is None else Q(resembles_id=channel_id)
        return DiscoveredAccount.objects.filter(
            account_where, source=DiscoverySource.MONITORING, created_at__gte=since
        ).count()
    if figure == MonitoredFigure.COMPROMISE_ALERTS:
        return Alert.objects.filter(
            where, group_key__startswith="compromise:", first_seen_at__gte=since
        ).count()
    post_where = Q() if channel_id is None else Q(post__channel_id=channel_id)
    analyzers: tuple[str, ...] = TOXIC_ANALYZERS
    kinds: tuple[str, ...] = OWN_CHANNEL_KINDS
    if figure == MonitoredFigure.LEAKS_DETECTED:
        analyzers, kinds = LEAK_ANALYZERS, LEAK_KINDS
    return (
        Finding.objects.filter(
            post_where,
            analyzer__in=analyzers,
            post__kind__in=kinds,
            post__channel__isnull=False,
            created_at__gte=since,
        )
        .values("post_id")
        .distinct()
        .count()
    )


def kris_update(changes: dict[str, set[int | None]], now: dt.datetime) -> int:
    """`changes` maps a figure to the channels (None: none in particular) where it moved.
    Returns how many measurements were recorded."""
    figures = {figure for figure, channels in changes.items() if channels}
    if not figures:
        return 0
    kris = list(KRI.objects.filter(metric__in=figures).select_related("channel"))
    if not kris:
        return 0
    since = quarter_start(now)
    recorded = 0
    for kri in kris:
        touched = changes.get(kri.metric, set())
        if kri.channel_id is not None and kri.channel_id not in touched:
            continue
        value = float(_count(kri.metric, kri.channel_id, since))
        same_quarter = kri.measured_at is not None and kri.measured_at >= since
        if same_quarter and kri.current_value == value:
            continue
        kri_record_value(
            kri=kri,
            value=value,
            measured_at=now,
            source=MeasurementSource.MONITORING,
            evidence={"figure": kri.metric, "since": since.isoformat(), "count": int(value)},
            note="counted by the monitoring pipeline for the current quarter",
        )
        recorded += 1
    return recorded
