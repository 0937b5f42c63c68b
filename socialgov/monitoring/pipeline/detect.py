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
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import BigIntegerField, Min, QuerySet, Value
from django.db.models.functions import Coalesce, Mod
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


def partition_count() -> int:
    return max(1, int(settings.SOCIALGOV_DETECTOR_PARTITIONS))


def partition_names() -> list[str]:
    """One cursor per partition of the channels (by channel id modulo the count)."""
    count = partition_count()
    return [STREAM] if count == 1 else [f"{STREAM}:{index}/{count}" for index in range(count)]


def _posts_of(name: str) -> QuerySet[Post]:
    if name == STREAM:
        return Post.objects.all()
    index, count = (int(part) for part in name.split(":")[1].split("/"))
    # Posts without a channel belong to the first partition.
    key = Mod(Coalesce("channel_id", Value(0)), Value(count), output_field=BigIntegerField())
    return Post.objects.annotate(partition_key=key).filter(partition_key=index)


def _ready_ids(name: str, after: int, limit: int) -> list[int]:
    rows = _posts_of(name).filter(id__gt=after).order_by("id")
    ready = []
    for pk, state in rows.values_list("id", "analysis_state")[:limit]:
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


def _signals(posts: list[Post]) -> tuple[dict[int, float], set[int | None], set[int | None]]:
    """Sentiment per post, and the channels with a leak or a toxic post, from the findings."""
    sentiment: dict[int, float] = {}
    leaks: set[int | None] = set()
    toxic: set[int | None] = set()
    kinds = {post.pk: (post.kind, post.channel_id) for post in posts}
    for post_id, analyzer, kind, score in Finding.objects.filter(
        post_id__in=list(kinds)
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
    return sentiment, leaks, toxic


def _run_detectors(posts: list[Post], after: int, now: dt.datetime) -> DetectResult:
    result = DetectResult()
    sentiment, leaks, toxic = _signals(posts)
    result.spikes, spike_channels = _guarded(
        "spike", lambda: spikes_detect(posts, sentiment, now), (0, set())
    )
    result.impersonators, impersonated = _guarded(
        "impersonation", lambda: impersonation_detect(posts, now), (0, set())
    )
    result.compromises, compromised = _guarded(
        "compromise", lambda: compromise_detect(posts, before_id=after, now=now), (0, set())
    )
    changes: dict[str, set[int | None]] = {
        MonitoredFigure.NEGATIVE_MENTION_SPIKES: set(spike_channels),
        MonitoredFigure.IMPERSONATORS_FOUND: set(impersonated),
        MonitoredFigure.COMPROMISE_ALERTS: set(compromised),
        MonitoredFigure.LEAKS_DETECTED: leaks,
        MonitoredFigure.TOXIC_POSTS_OWN_CHANNELS: toxic,
    }
    result.measurements = _guarded("KRI", lambda: kris_update(changes, now), 0)
    result.posts = len(posts)
    return result


def ensure_cursors(names: list[str]) -> None:
    """Create the partitions' cursors together. After a change of the partition count they
    start where the slowest former cursor stopped, not at the first post."""
    known = set(DetectorCursor.objects.filter(name__in=names).values_list("name", flat=True))
    missing = [name for name in names if name not in known]
    if not missing:
        return
    former = DetectorCursor.objects.exclude(name__in=names).aggregate(low=Min("last_post_id"))
    DetectorCursor.objects.bulk_create(
        [DetectorCursor(name=name, last_post_id=former["low"] or 0) for name in missing],
        ignore_conflicts=True,
    )


def _detect_partition(name: str, limit: int, now: dt.datetime) -> DetectResult:
    """One batch of one partition, under the lock of its cursor row. On PostgreSQL a cursor
    locked by another worker is skipped (SKIP LOCKED): that worker has those channels."""
    result = DetectResult()
    try:
        with transaction.atomic():
            locked = DetectorCursor.objects.filter(name=name)
            if connection.features.has_select_for_update_skip_locked:
                locked = locked.select_for_update(skip_locked=True)
            else:
                locked = locked.select_for_update()
            held = list(locked)
            if not held:
                return DetectResult()  # another worker is running these channels
            after = held[0].last_post_id
            ids = _ready_ids(name, after, limit)
            if not ids:
                return DetectResult()
            posts = list(
                # No channel row: the detectors read only channel_id. The payloads are
                # decoded JSON, read only by the compromise detector, for own posts, which
                # it loads itself.
                Post.objects.filter(pk__in=ids)
                .select_related("author")
                .defer("raw", "mentions")
                .order_by("id")
            )
            result = _run_detectors(posts, after, now)
            _advance(held[0].pk, after, ids[-1])
    except _Overtaken:
        return DetectResult()
    return result


def detect_pending(*, limit: int = DEFAULT_BATCH, now: dt.datetime | None = None) -> DetectResult:
    """Run one batch of one partition of the channels through the detectors; zero posts means
    nothing is ready in any partition this worker could lock. Each channel is in exactly one
    partition, so two workers never run the detectors for the same channel at once."""
    now = now or timezone.now()
    names = partition_names()
    ensure_cursors(names)
    first = random.randrange(len(names))  # workers spread over the partitions
    for name in names[first:] + names[:first]:
        result = _detect_partition(name, limit, now)
        if result.posts:
            return result
    return DetectResult()


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
