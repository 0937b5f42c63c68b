"""How far each stage of the pipeline is behind, and the back-pressure rule that follows.

Intake that outruns analysis is bounded: above SOCIALGOV_BACKLOG_LIMIT posts waiting for
analysis, connectors are not polled (their cursor stays where it is, so nothing is lost and
the next poll resumes there). Depth and lag per stage are shown to admins on the connectors
page and in `/healthz?detail=1`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Q
from django.utils import timezone

from socialgov.core.models import Notification
from socialgov.monitoring.models import AnalysisState, Connector, DetectorCursor, Post


def backlog_limit() -> int:
    return int(settings.SOCIALGOV_BACKLOG_LIMIT)


def analysis_backlog() -> int:
    return Post.objects.filter(analysis_state=AnalysisState.PENDING).count()


def intake_paused() -> bool:
    """Whether connectors wait for analysis to catch up before they are polled again."""
    return analysis_backlog() > backlog_limit()


@dataclass(frozen=True)
class StageDepth:
    stage: str
    depth: int
    lag_seconds: float

    def as_dict(self) -> dict[str, object]:
        return {"stage": self.stage, "depth": self.depth, "lag_seconds": self.lag_seconds}


def _lag(oldest: dt.datetime | None, now: dt.datetime) -> float:
    return round(max(0.0, (now - oldest).total_seconds()), 1) if oldest else 0.0


def stage_depths(*, now: dt.datetime | None = None) -> list[StageDepth]:
    """Work waiting in each stage and how long the oldest item has waited."""
    now = now or timezone.now()
    due = Connector.objects.filter(is_active=True, next_poll_at__lte=now)
    pending = Post.objects.filter(analysis_state=AnalysisState.PENDING)
    cursors = DetectorCursor.objects.all()
    read_up_to = min((cursor.last_post_id for cursor in cursors), default=0)
    undetected = Post.objects.filter(id__gt=read_up_to).exclude(
        analysis_state=AnalysisState.PENDING
    )
    unsent = Notification.objects.filter(Q(sent_at__isnull=True), error="")
    return [
        StageDepth("poll", due.count(), _lag(due.aggregate(t=Min("next_poll_at"))["t"], now)),
        StageDepth(
            "analysis", pending.count(), _lag(pending.aggregate(t=Min("received_at"))["t"], now)
        ),
        StageDepth(
            "detection",
            undetected.count(),
            _lag(undetected.aggregate(t=Min("received_at"))["t"], now),
        ),
        StageDepth(
            "notification", unsent.count(), _lag(unsent.aggregate(t=Min("created_at"))["t"], now)
        ),
    ]


def pipeline_health(*, now: dt.datetime | None = None) -> dict[str, object]:
    """The figures `/healthz?detail=1` shows admins."""
    return {
        "backlog_limit": backlog_limit(),
        "intake_paused": intake_paused(),
        "stages": [stage.as_dict() for stage in stage_depths(now=now)],
    }
