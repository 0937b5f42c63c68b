"""How far each stage of the pipeline is behind, and the back-pressure rule that follows.

Intake that outruns analysis is bounded: above SOCIALGOV_BACKLOG_LIMIT posts waiting for
analysis, connectors are not polled (their cursor stays where it is, so nothing is lost and
the next poll resumes there). Depth and lag per stage are shown to admins on the connectors
page and in `/healthz?detail=1`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from socialgov.core.models import Notification
from socialgov.monitoring.models import AnalysisState, Connector, DetectorCursor, Post


def backlog_limit() -> int:
    return int(settings.SOCIALGOV_BACKLOG_LIMIT)


def intake_paused() -> bool:
    """Whether connectors wait for analysis to catch up before they are polled again. Asked
    before every poll and after every batch, so it reads at most one row past the limit (on
    the analysis-state index) instead of counting the whole backlog."""
    pending = Post.objects.filter(analysis_state=AnalysisState.PENDING).order_by()
    limit = backlog_limit()
    return pending[limit : limit + 1].exists()


@dataclass(frozen=True)
class StageDepth:
    stage: str
    depth: int
    lag_seconds: float

    def as_dict(self) -> dict[str, object]:
        return {"stage": self.stage, "depth": self.depth, "lag_seconds": self.lag_seconds}


def _lag(oldest: dt.datetime | None, now: dt.datetime) -> float:
    return round(max(0.0, (now - oldest).total_seconds()), 1) if oldest else 0.0


def _stage(stage: str, waiting: QuerySet[Any], since: str, now: dt.datetime) -> StageDepth:
    """The depth and the age of the oldest item in one query."""
    figures = waiting.aggregate(depth=Count("pk"), oldest=Min(since))
    return StageDepth(stage, figures["depth"], _lag(figures["oldest"], now))


def stage_depths(*, now: dt.datetime | None = None) -> list[StageDepth]:
    """Work waiting in each stage and how long the oldest item has waited."""
    now = now or timezone.now()
    due = Connector.objects.filter(is_active=True, next_poll_at__lte=now)
    pending = Post.objects.filter(analysis_state=AnalysisState.PENDING)
    read_up_to = DetectorCursor.objects.aggregate(low=Min("last_post_id"))["low"] or 0
    undetected = Post.objects.filter(id__gt=read_up_to).exclude(
        analysis_state=AnalysisState.PENDING
    )
    unsent = Notification.objects.filter(Q(sent_at__isnull=True), error="")
    return [
        _stage("poll", due, "next_poll_at", now),
        _stage("analysis", pending, "received_at", now),
        _stage("detection", undetected, "received_at", now),
        _stage("notification", unsent, "created_at", now),
    ]


def pipeline_health(*, now: dt.datetime | None = None) -> dict[str, object]:
    """The figures `/healthz?detail=1` shows admins."""
    stages = stage_depths(now=now)
    analysis = next(stage for stage in stages if stage.stage == "analysis")
    return {
        "backlog_limit": backlog_limit(),
        "intake_paused": analysis.depth > backlog_limit(),
        "stages": [stage.as_dict() for stage in stages],
    }
