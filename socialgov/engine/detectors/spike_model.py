"""The spike detector's settings and per-brand state: buckets, alerts and the events sent."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

from socialgov.engine.detectors.seasonal_baseline import BoundedCounter, SeasonalBaseline

VOLUME = "volume"
NEGATIVE_VOLUME = "negative_volume"
NEGATIVE_SHARE = "negative_share"

GROWING = "growing"
PEAKED = "peaked"
OVER = "over"


@dataclass(frozen=True)
class SpikeSettings:
    bucket_minutes: int = 10
    window_buckets: int = 6
    open_score: float = 4.0
    close_score: float = 2.0
    onset_buckets: int = 3
    onset_score: float = 5.0
    # The bucket still filling is tested once it holds a few mentions, against at least this
    # share of its expected volume (its first seconds say little about a rate).
    open_bucket_min_count: int = 3
    open_bucket_min_share: float = 0.2
    close_after_buckets: int = 3
    # A surge that flares up again this soon after it was over (and no later than it lasted)
    # is the same surge: its alert is reopened (growing again), not repeated, so one incident
    # keeps one alert.
    rejoin_within: timedelta = timedelta(hours=6)
    min_observed: int = 12
    min_ratio: float = 2.0
    min_share_jump: float = 0.2
    overdispersion: float = 0.3
    # How much wider the spread is with no history at all (it narrows as confidence grows).
    unsure_dispersion: float = 0.3
    unsure_dispersion_alone: float = 1.5  # without a pooled profile the hours are guesses
    # A new channel alerts after a few hours: expected volumes come from its own level shaped
    # by the hour-of-day profile pooled over the organisation's established channels (flat
    # when there are none), and only clear surges (this many times the expected) count.
    warmup_hours: int = 3
    warmup_hours_alone: int = 24  # without established brands to pool from: a first day
    cold_start_ratio: float = 3.0
    cold_start_confidence: float = 0.3
    floor_per_hour: float = 0.5
    max_gap: timedelta = timedelta(days=14)
    zone: tzinfo = UTC  # whose hours of the day and days of the week the baseline learns
    max_brands: int = 10_000
    sampled_posts_per_bucket: int = 40
    alert_posts: int = 500
    term_capacity: int = 5_000
    top_posts: int = 5
    top_terms: int = 10

    @property
    def window_hours(self) -> float:
        return self.bucket_minutes * self.window_buckets / 60


@dataclass
class _Post:
    id: str
    terms: frozenset[str]
    negative: bool


@dataclass
class _Bucket:
    start: datetime
    count: int = 0
    negative: int = 0
    expected: float = 0.0
    posts: list[_Post] = field(default_factory=list)
    full_expected: float | None = None  # while it is still filling; not saved, recomputed


@dataclass
class SpikeAlert:
    brand: str
    kind: str
    start: datetime
    peak: datetime
    score: float
    baseline: float
    observed: float
    confidence: float
    status: str = GROWING
    end: datetime | None = None
    quiet_buckets: int = 0
    posts: list[_Post] = field(default_factory=list)
    terms: BoundedCounter = field(default_factory=lambda: BoundedCounter(5_000))
    peak_volume: int = 0


@dataclass(frozen=True)
class SpikeEvent:
    """One change of an alert: opened (growing), peaked, growing again, or over.

    `final` marks the last word on an alert: it is over, or the input ended while it was open.
    """

    record: dict[str, Any]
    status: str
    final: bool = False


class _BrandState:
    def __init__(self, brand: str, settings: SpikeSettings) -> None:
        self.brand = brand
        self.baseline = SeasonalBaseline(settings.zone)
        self.ring: deque[_Bucket] = deque(maxlen=settings.window_buckets)
        self.current: _Bucket | None = None
        self.hour_start: datetime | None = None
        self.hour_count = 0
        self.hour_negative = 0
        self.hour_in_alert = False
        self.day_start: date | None = None
        self.day_count = 0.0
        self.negative_mean = 2.0  # a prior of 20% negative over 10 mentions
        self.total_mean = 10.0
        self.terms = BoundedCounter(settings.term_capacity)
        self.alert: SpikeAlert | None = None
        self.dropped_late = 0

    @property
    def negative_share(self) -> float:
        return min(0.95, max(0.02, self.negative_mean / self.total_mean))
