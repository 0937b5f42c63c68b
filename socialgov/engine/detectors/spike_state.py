"""Saving and restoring a spike detector's memory as plain JSON-ready data.

The baseline takes days to learn; a worker that restarts should not start from nothing, nor
replay weeks of mentions. The monitoring pipeline can store `snapshot(detector)` after each
batch (it is bounded: per brand a few hundred numbers, a ring of buckets with sampled posts and
capped term counts) and `restore` it before the next. Restoring and going on gives the same
alerts as never having stopped.
"""

from __future__ import annotations

from collections import Counter, deque
from datetime import date, datetime
from typing import Any

from socialgov.engine.detectors.mention_sentiment import SentimentFn, lexicon_sentiment
from socialgov.engine.detectors.seasonal_baseline import BoundedCounter, SeasonalBaseline
from socialgov.engine.detectors.spike_model import (
    SpikeAlert,
    SpikeSettings,
    _BrandState,
    _Bucket,
    _Post,
)
from socialgov.engine.detectors.spikes import SpikeDetector

VERSION = 1


class StateError(ValueError):
    """A snapshot that cannot be restored (another version, or damaged)."""


def snapshot(detector: SpikeDetector) -> dict[str, Any]:
    return {
        "version": VERSION,
        "dropped_brands": detector.dropped_brands,
        "brands": {brand: _brand(state) for brand, state in detector.brands.items()},
    }


def restore(
    data: dict[str, Any],
    *,
    sentiment_fn: SentimentFn = lexicon_sentiment,
    settings: SpikeSettings | None = None,
) -> SpikeDetector:
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise StateError(f"expected a spike detector snapshot of version {VERSION}")
    detector = SpikeDetector(sentiment_fn=sentiment_fn, settings=settings)
    try:
        detector.dropped_brands = int(data["dropped_brands"])
        for brand, saved in data["brands"].items():
            detector.brands[brand] = _restore_brand(brand, saved, detector.settings)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise StateError(f"damaged spike detector snapshot ({error!r})") from None
    return detector


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text is not None else None


def _post(post: _Post) -> list[Any]:
    return [post.id, sorted(post.terms), post.negative]


def _restore_post(saved: list[Any]) -> _Post:
    post_id, terms, negative = saved
    return _Post(str(post_id), frozenset(terms), bool(negative))


def _bucket(bucket: _Bucket) -> dict[str, Any]:
    return {
        "start": _time(bucket.start),
        "count": bucket.count,
        "negative": bucket.negative,
        "expected": bucket.expected,
        "posts": [_post(post) for post in bucket.posts],
    }


def _restore_bucket(saved: dict[str, Any]) -> _Bucket:
    start = _parse_time(saved["start"])
    if start is None:
        raise ValueError("bucket without a start")
    return _Bucket(
        start,
        int(saved["count"]),
        int(saved["negative"]),
        float(saved["expected"]),
        [_restore_post(post) for post in saved["posts"]],
    )


def _counter(counter: BoundedCounter) -> dict[str, Any]:
    return {"documents": counter.documents, "counts": dict(counter.counts)}


def _restore_counter(saved: dict[str, Any], capacity: int) -> BoundedCounter:
    counter = BoundedCounter(capacity)
    counter.documents = int(saved["documents"])
    counter.counts = Counter({str(k): int(v) for k, v in saved["counts"].items()})
    return counter


def _baseline(baseline: SeasonalBaseline) -> dict[str, Any]:
    return {
        "hour_mean": baseline.hour_mean,
        "hour_seen": baseline.hour_seen,
        "weekday_total": baseline.weekday_total,
        "weekday_seen": baseline.weekday_seen,
        "level": baseline.level,
        "shape_level": baseline.shape_level,
        "hours_seen": baseline.hours_seen,
    }


def _restore_baseline(saved: dict[str, Any], baseline: SeasonalBaseline) -> None:
    hour_mean = [float(value) for value in saved["hour_mean"]]
    hour_seen = [int(value) for value in saved["hour_seen"]]
    weekday_total = [float(value) for value in saved["weekday_total"]]
    weekday_seen = [int(value) for value in saved["weekday_seen"]]
    if (len(hour_mean), len(hour_seen), len(weekday_total), len(weekday_seen)) != (24, 24, 7, 7):
        raise ValueError("baseline slots")
    baseline.hour_mean, baseline.hour_seen = hour_mean, hour_seen
    baseline.weekday_total, baseline.weekday_seen = weekday_total, weekday_seen
    baseline.level = float(saved["level"])
    baseline.shape_level = float(saved.get("shape_level", 1.0))  # absent before cold starts
    baseline.hours_seen = int(saved["hours_seen"])


def _alert(alert: SpikeAlert) -> dict[str, Any]:
    return {
        "kind": alert.kind,
        "start": _time(alert.start),
        "peak": _time(alert.peak),
        "score": alert.score,
        "baseline": alert.baseline,
        "observed": alert.observed,
        "confidence": alert.confidence,
        "status": alert.status,
        "end": _time(alert.end),
        "quiet_buckets": alert.quiet_buckets,
        "posts": [_post(post) for post in alert.posts],
        "terms": _counter(alert.terms),
        "peak_volume": alert.peak_volume,
    }


def _restore_alert(brand: str, saved: dict[str, Any], settings: SpikeSettings) -> SpikeAlert:
    start, peak = _parse_time(saved["start"]), _parse_time(saved["peak"])
    if start is None or peak is None:
        raise ValueError("alert without a start or peak")
    return SpikeAlert(
        brand=brand,
        kind=str(saved["kind"]),
        start=start,
        peak=peak,
        score=float(saved["score"]),
        baseline=float(saved["baseline"]),
        observed=float(saved["observed"]),
        confidence=float(saved["confidence"]),
        status=str(saved["status"]),
        end=_parse_time(saved["end"]),
        quiet_buckets=int(saved["quiet_buckets"]),
        posts=[_restore_post(post) for post in saved["posts"]],
        terms=_restore_counter(saved["terms"], settings.term_capacity),
        peak_volume=int(saved["peak_volume"]),
    )


def _brand(state: _BrandState) -> dict[str, Any]:
    return {
        "baseline": _baseline(state.baseline),
        "ring": [_bucket(bucket) for bucket in state.ring],
        "current": _bucket(state.current) if state.current is not None else None,
        "hour_start": _time(state.hour_start),
        "hour_count": state.hour_count,
        "hour_negative": state.hour_negative,
        "hour_in_alert": state.hour_in_alert,
        "day_start": state.day_start.isoformat() if state.day_start is not None else None,
        "day_count": state.day_count,
        "negative_mean": state.negative_mean,
        "total_mean": state.total_mean,
        "terms": _counter(state.terms),
        "alert": _alert(state.alert) if state.alert is not None else None,
        "dropped_late": state.dropped_late,
    }


def _restore_brand(brand: str, saved: dict[str, Any], settings: SpikeSettings) -> _BrandState:
    state = _BrandState(brand, settings)
    _restore_baseline(saved["baseline"], state.baseline)
    state.ring = deque(
        (_restore_bucket(bucket) for bucket in saved["ring"]), maxlen=settings.window_buckets
    )
    state.current = _restore_bucket(saved["current"]) if saved["current"] else None
    state.hour_start = _parse_time(saved["hour_start"])
    state.hour_count = int(saved["hour_count"])
    state.hour_negative = int(saved["hour_negative"])
    state.hour_in_alert = bool(saved["hour_in_alert"])
    day_start = saved["day_start"]
    state.day_start = date.fromisoformat(day_start) if day_start is not None else None
    state.day_count = float(saved["day_count"])
    state.negative_mean = float(saved["negative_mean"])
    state.total_mean = float(saved["total_mean"])
    state.terms = _restore_counter(saved["terms"], settings.term_capacity)
    alert = saved["alert"]
    state.alert = _restore_alert(brand, alert, settings) if alert is not None else None
    state.dropped_late = int(saved["dropped_late"])
    return state
