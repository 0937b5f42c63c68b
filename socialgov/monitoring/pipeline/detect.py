"""The detector stage: analysed posts, in the order they were stored, through the stream
detectors (spikes, impersonation, compromise), then alerts, discovered accounts and KRI values.

Idempotent and crash-safe like the rest of the pipeline. A cursor (the last post id read) moves
forward in the same transaction that stores everything the batch produced, including the spike
detector's memory; a worker killed anywhere leaves the cursor, the memory and the alerts as
they were, and the retry does the same work once. Two workers never read the same batch: the
cursor row is locked, and advanced with a conditional update that a late second worker fails.
The stage reads posts only once they are analysed (it stops at the first one still waiting),
so mentions carry the analysis engine's sentiment. Each detector runs in its own savepoint: a
detector that fails on hostile data loses its part of the batch, never the worker.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialgov.monitoring.models import AnalysisState, DetectorCursor, Finding, Post
from socialgov.monitoring.pipeline.detect_compromise import compromise_detect
from socialgov.monitoring.pipeline.detect_impersonation import impersonation_detect
from socialgov.monitoring.pipeline.detect_spikes import spikes_detect
from socialgov.monitoring.pipeline.kris import (
    LEAK_ANALYZERS,
    LEAK_KINDS,
    OWN_CHANNEL_KINDS,
    TOXIC_ANALYZERS,
    kris_update,
)
from socialgov.risks.metrics import MonitoredFigure

logger = logging.getLogger(__name__)

STREAM = "stream"
DEFAULT_BATCH = 500


@dataclass
class DetectResult:
    posts: int = 0
    spikes: int = 0
    impersonators: int = 0
    compromises: int = 0
    measurements: int = 0

    @property
    def alerts(self) -> int:
        return self.spikes + self.impersonators + self.compromises


class _Overtaken(Exception):
    """Another worker moved the cursor while this one worked: its batch is already done."""


def _ready_ids(after: int, limit: int) -> list[int]:
    rows = Post.objects.filter(id__gt=after).order_by("id").values_list("id", "analysis_state")
    ready = []
    for pk, state in rows[:limit]:
        if state == AnalysisState.PENDING:
            break
        ready.append(pk)
    return ready


def _guarded(name: str, run: Callable[[], Any], default: Any) -> Any:
    try:
        with transaction.atomic():
            return run()
    except Exception:
        logger.exception("the %s stage failed on a batch; its part of the batch is skipped", name)
        return default


def _advance(cursor_id: int, after: int, last: int) -> None:
    moved = DetectorCursor.objects.filter(pk=cursor_id, last_post_id=after).update(
        last_post_id=last
    )
    if not moved:
        raise _Overtaken


def detect_pending(*, limit: int = DEFAULT_BATCH, now: dt.datetime | None = None) -> DetectResult:
    """Run one batch through the detectors; zero posts means nothing is ready."""
    now = now or timezone.now()
    cursor, _created = DetectorCursor.objects.get_or_create(name=STREAM)
    result = DetectResult()
    try:
        with transaction.atomic():
            cursor = DetectorCursor.objects.select_for_update().get(pk=cursor.pk)
            after = cursor.last_post_id
            ids = _ready_ids(after, limit)
            if not ids:
                return result
            posts = list(
                Post.objects.filter(pk__in=ids).select_related("author", "channel").order_by("id")
            )
            sentiment: dict[int, float] = {}
            leaks: set[int | None] = set()
            toxic: set[int | None] = set()
            kinds = {post.pk: (post.kind, post.channel_id) for post in posts}
            for post_id, analyzer, kind, score in Finding.objects.filter(
                post_id__in=ids
            ).values_list("post_id", "analyzer", "kind", "score"):
                post_kind, channel_id = kinds[post_id]
                if analyzer == "sentiment":
                    sign = {"negative": -1.0, "positive": 1.0}.get(kind, 0.0)
                    sentiment[post_id] = sign * max(0.0, min(1.0, score))
                elif channel_id is None:
                    continue
                elif analyzer in LEAK_ANALYZERS and post_kind in LEAK_KINDS:
                    leaks.add(channel_id)
                elif analyzer in TOXIC_ANALYZERS and post_kind in OWN_CHANNEL_KINDS:
                    toxic.add(channel_id)
            result.spikes, spike_channels = _guarded(
                "spike", lambda: spikes_detect(posts, sentiment, now), (0, set())
            )
            result.impersonators, impersonated = _guarded(
                "impersonation", lambda: impersonation_detect(posts, now), (0, set())
            )
            result.compromises, compromised = _guarded(
                "compromise",
                lambda: compromise_detect(posts, before_id=after, now=now),
                (0, set()),
            )
            changes: dict[str, set[int | None]] = {
                MonitoredFigure.NEGATIVE_MENTION_SPIKES: set(spike_channels),
                MonitoredFigure.IMPERSONATORS_FOUND: set(impersonated),
                MonitoredFigure.COMPROMISE_ALERTS: set(compromised),
                MonitoredFigure.LEAKS_DETECTED: leaks,
                MonitoredFigure.TOXIC_POSTS_OWN_CHANNELS: toxic,
            }
            result.measurements = _guarded("KRI", lambda: kris_update(changes, now), 0)
            _advance(cursor.pk, after, ids[-1])
            result.posts = len(ids)
    except _Overtaken:
        return DetectResult()
    return result


def detect_until_idle(*, limit: int = DEFAULT_BATCH) -> DetectResult:
    total = DetectResult()
    while True:
        result = detect_pending(limit=limit)
        if not result.posts:
            return total
        total.posts += result.posts
        total.spikes += result.spikes
        total.impersonators += result.impersonators
        total.compromises += result.compromises
        total.measurements += result.measurements
