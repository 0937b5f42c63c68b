"""The KRI `incidents_per_quarter`: recorded for each channel an incident concerns, on commit,
so a risk that follows the figure is flagged when a channel has too many incidents."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from socialgov.channels.models import Channel
from socialgov.incidents.selectors import incidents_in_quarter
from socialgov.risks.metrics import MonitoredFigure


def _record(channel_ids: list[int]) -> None:
    from socialgov.risks.services import kri_record_metric

    for channel in Channel.objects.filter(pk__in=channel_ids).order_by("pk"):
        kri_record_metric(
            metric=MonitoredFigure.INCIDENTS_PER_QUARTER,
            value=incidents_in_quarter(channel_id=channel.pk),
            channel=channel,
            evidence={"figure": MonitoredFigure.INCIDENTS_PER_QUARTER},
        )


def incident_kri_record_on_commit(channel_ids: Iterable[int]) -> None:
    ids = sorted(set(channel_ids))
    if ids:
        transaction.on_commit(lambda: _record(ids))
