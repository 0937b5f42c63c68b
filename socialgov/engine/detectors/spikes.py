"""Spikes and virality: mention volume and negative share against a seasonal, robust baseline.

Mentions arrive in time order, per brand. They are counted in short buckets (10 minutes) and the
last hour is compared with what the baseline expects for that hour of the day and day of the
week. The baseline learns from clipped hourly counts, so a surge barely moves it, and it warms up
from whatever history it has: until it has seen a week it blends the hour-of-day profile with the
brand's overall level (shaped by the hour-of-day profile pooled over the established brands,
so a new channel alerts within hours of its first mention) and reports a lower `confidence`.
What an hour inside an alert teaches the baseline is clipped hard, so a busy day does not
swamp it; a surge that flares up again after a lull shorter than itself keeps its alert.

An alert opens when the last hour's volume, negative volume or negative share is both large
(several standard deviations, with over-dispersion) and material (a minimum count and ratio).
The bucket still filling counts too, against the part of its expected volume that has elapsed,
so a steep surge alerts at the mention that makes it clear rather than when its bucket closes.
It then moves through `growing` → `peaked` → `over` and emits an update only when that status
changes, not every bucket. Memory per brand is bounded: a ring of six buckets, a few sampled posts
per bucket, and capped term counters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from socialgov.engine.detectors.mention_sentiment import (
    NEGATIVE_BELOW,
    SentimentFn,
    lexicon_sentiment,
    sentiment_value,
)
from socialgov.engine.detectors.mentions import Mention as Mention
from socialgov.engine.detectors.mentions import parse_mention as parse_mention
from socialgov.engine.detectors.seasonal_baseline import BoundedCounter, SeasonalBaseline
from socialgov.engine.detectors.spike_model import GROWING as GROWING
from socialgov.engine.detectors.spike_model import NEGATIVE_SHARE as NEGATIVE_SHARE
from socialgov.engine.detectors.spike_model import NEGATIVE_VOLUME as NEGATIVE_VOLUME
from socialgov.engine.detectors.spike_model import OVER as OVER
from socialgov.engine.detectors.spike_model import PEAKED as PEAKED
from socialgov.engine.detectors.spike_model import VOLUME as VOLUME
from socialgov.engine.detectors.spike_model import SpikeAlert as SpikeAlert
from socialgov.engine.detectors.spike_model import SpikeEvent as SpikeEvent
from socialgov.engine.detectors.spike_model import SpikeSettings as SpikeSettings
from socialgov.engine.detectors.spike_model import (
    _BrandState,
    _Bucket,
    _Post,
)
from socialgov.engine.detectors.spike_report import alert_snapshot
from socialgov.engine.detectors.streams import in_range
from socialgov.engine.detectors.text import content_terms


class SpikeDetector:
    """Feed mentions in time order with `add`; call `flush` at the end of a finite stream."""

    def __init__(
        self,
        *,
        sentiment_fn: SentimentFn = lexicon_sentiment,
        settings: SpikeSettings | None = None,
    ) -> None:
        self.sentiment_fn = sentiment_fn
        self.settings = settings or SpikeSettings()
        self.brands: dict[str, _BrandState] = {}
        self.dropped_brands = 0
        self.dropped_out_of_range = 0
        self._shape: tuple[datetime | None, list[float] | None] = (None, None)

    @property
    def dropped_late(self) -> int:
        """Mentions that arrived too far out of time order to be counted."""
        return sum(state.dropped_late for state in self.brands.values())

    # -- input -----------------------------------------------------------------------------

    def add(self, mention: Mention) -> list[SpikeEvent]:
        if not in_range(mention.created_at):
            self.dropped_out_of_range += 1
            return []
        state = self.brands.get(mention.brand)
        if state is None:
            if len(self.brands) >= self.settings.max_brands:
                self.dropped_brands += 1
                return []
            state = self.brands[mention.brand] = _BrandState(mention.brand, self.settings)
        sentiment = mention.sentiment
        if sentiment is None:
            sentiment = sentiment_value(self.sentiment_fn(mention.text)) or 0.0
        post = _Post(mention.id, frozenset(content_terms(mention.text)), sentiment < NEGATIVE_BELOW)
        start = self._bucket_start(mention.created_at)
        events: list[SpikeEvent] = []
        if state.current is None:
            state.current = _Bucket(start)
        elif start > state.current.start:
            events = self._advance(state, start)
        elif state.current.start - start > timedelta(minutes=self.settings.bucket_minutes * 2):
            # A little late is counted now; much later than the stream has moved on is dropped.
            state.dropped_late += 1
            return events
        bucket = state.current
        assert bucket is not None
        bucket.count += 1
        bucket.negative += post.negative
        if len(bucket.posts) < self.settings.sampled_posts_per_bucket:
            bucket.posts.append(post)
        if state.alert is not None and state.alert.status != OVER:
            self._remember(state.alert, post)
        elif state.ring:
            events.extend(self._evaluate_open_bucket(state, bucket, mention.created_at))
        return events

    def run(self, mentions: Iterable[Mention]) -> Iterator[SpikeEvent]:
        for mention in mentions:
            yield from self.add(mention)
        yield from self.flush()

    def flush(self) -> list[SpikeEvent]:
        """Close the current buckets; alerts still open are reported in their present state."""
        events: list[SpikeEvent] = []
        for state in self.brands.values():
            if state.current is not None:
                events.extend(self._close_bucket(state, state.current))
                state.current = None
            if state.alert is not None and state.alert.status != OVER:
                snapshot = self._snapshot(state, state.alert)
                events.append(SpikeEvent(snapshot, state.alert.status, final=True))
        return events

    # -- buckets ---------------------------------------------------------------------------

    def _bucket_start(self, moment: datetime) -> datetime:
        minutes = moment.minute - moment.minute % self.settings.bucket_minutes
        return moment.replace(minute=minutes, second=0, microsecond=0)

    def _advance(self, state: _BrandState, start: datetime) -> list[SpikeEvent]:
        assert state.current is not None
        events = self._close_bucket(state, state.current)
        step = timedelta(minutes=self.settings.bucket_minutes)
        following = state.current.start + step
        if start - following > self.settings.max_gap:
            # A long silence (or a hostile far-future time): start over instead of walking it.
            state.ring.clear()
            if state.alert is not None and state.alert.status != OVER:
                events.extend(self._end_alert(state, following))
            following = start
        while following < start:
            events.extend(self._close_bucket(state, _Bucket(following)))
            following += step
        state.current = _Bucket(start)
        return events

    def prior_shape(self, moment: datetime) -> list[float] | None:
        """The hour-of-day profile pooled over established brands, for brands still learning
        theirs; recomputed once an hour."""
        hour = moment.replace(minute=0, second=0, microsecond=0)
        if self._shape[0] == hour:
            return self._shape[1]
        profiles = [
            profile
            for state in self.brands.values()
            if (profile := state.baseline.profile()) is not None
        ]
        pooled = [sum(slot) / len(profiles) for slot in zip(*profiles, strict=True)] or None
        self._shape = (hour, pooled)
        return pooled

    def _expected_per_hour(self, state: _BrandState, moment: datetime) -> float:
        baseline = state.baseline
        shape = self.prior_shape(moment) if min(baseline.hour_seen) < 5 else None
        return baseline.expected_per_hour(moment, floor=self.settings.floor_per_hour, shape=shape)

    def _close_bucket(self, state: _BrandState, bucket: _Bucket) -> list[SpikeEvent]:
        settings = self.settings
        per_hour = self._expected_per_hour(state, bucket.start)
        bucket.expected = per_hour * settings.bucket_minutes / 60
        state.ring.append(bucket)
        self._count_hour(state, bucket)
        events = self._evaluate(state, bucket)
        if state.alert is None or state.alert.status == OVER:
            for post in bucket.posts:
                state.terms.add(post.terms)
        return events

    def _count_hour(self, state: _BrandState, bucket: _Bucket) -> None:
        hour_start = bucket.start.replace(minute=0)
        if state.hour_start is not None and hour_start != state.hour_start:
            self._finish_hour(state)
        if state.hour_start != hour_start:
            state.hour_start = hour_start
            state.hour_count = state.hour_negative = 0
            state.hour_in_alert = False
        state.hour_count += bucket.count
        state.hour_negative += bucket.negative
        state.hour_in_alert |= state.alert is not None and state.alert.status != OVER

    def _finish_hour(self, state: _BrandState) -> None:
        assert state.hour_start is not None
        baseline = state.baseline
        count = float(state.hour_count)
        if baseline.hours_seen >= self.settings.warmup_hours:
            # A busy day must not teach the baseline that busy is normal: what it learns is
            # clipped, and an hour inside an alert teaches only a little above the expected.
            # (The spread is wide while a brand's hours are guesses, so it still learns them.)
            expected = self._expected_per_hour(state, state.hour_start)
            spread = self._spread(expected, baseline, state.hour_start)
            count = min(count, expected + (1 if state.hour_in_alert else 3) * spread)
        local = state.hour_start.astimezone(baseline.zone)
        baseline.add_hour(local.hour, count, self.prior_shape(state.hour_start))
        if not state.hour_in_alert:
            state.negative_mean += 0.05 * (state.hour_negative - state.negative_mean)
            state.total_mean += 0.05 * (state.hour_count - state.total_mean)
        day_start = local.date()
        if state.day_start is not None and day_start != state.day_start:
            baseline.add_day(state.day_start.weekday(), state.day_count)
            state.day_count = 0.0
        state.day_start = day_start
        state.day_count += count

    def _spread(self, expected: float, baseline: SeasonalBaseline, moment: datetime) -> float:
        # Less history, wider spread: an unsure baseline must not cry wolf.
        unsure = 1 - baseline.confidence(moment)
        widen = self.settings.unsure_dispersion
        if self.prior_shape(moment) is None:
            widen = self.settings.unsure_dispersion_alone
        dispersion = self.settings.overdispersion + widen * unsure
        # The +1 keeps a handful of mentions over an almost empty baseline from scoring high.
        return math.sqrt(expected + (dispersion * expected) ** 2 + 1)

    # -- scoring and alert states ----------------------------------------------------------

    def _scores(
        self, state: _BrandState, window: list[_Bucket]
    ) -> tuple[dict[str, float], int, int, float]:
        settings = self.settings
        observed = sum(bucket.count for bucket in window)
        negative = sum(bucket.negative for bucket in window)
        expected = sum(bucket.expected for bucket in window)
        moment = window[-1].start
        baseline = state.baseline
        share = state.negative_share
        scores: dict[str, float] = {}
        spread = self._spread(expected, baseline, moment)
        min_ratio = settings.min_ratio
        if baseline.confidence(moment) < settings.cold_start_confidence:
            min_ratio = max(min_ratio, settings.cold_start_ratio)
        if observed >= settings.min_observed and observed >= min_ratio * expected:
            scores[VOLUME] = (observed - expected) / spread
        expected_negative = expected * share
        negative_spread = self._spread(expected_negative, baseline, moment)
        if negative >= settings.min_observed / 2 and negative >= min_ratio * expected_negative:
            scores[NEGATIVE_VOLUME] = (negative - expected_negative) / max(negative_spread, 0.5)
        if (
            observed >= settings.min_observed
            and negative / observed - share >= settings.min_share_jump
        ):
            # With a continuity correction: a dozen mentions make a lumpy share.
            jump = negative / observed - share - 0.5 / observed
            scores[NEGATIVE_SHARE] = jump / math.sqrt(share * (1 - share) / observed)
        return scores, observed, negative, expected

    def _warmed_up(self, state: _BrandState, moment: datetime) -> bool:
        warmup = self.settings.warmup_hours
        if self.prior_shape(moment) is None:
            warmup = self.settings.warmup_hours_alone
        return state.baseline.hours_seen >= warmup

    def _firing(
        self, state: _BrandState, window: list[_Bucket]
    ) -> tuple[dict[str, float], dict[str, float], tuple[int, int, float]]:
        """(firing scores, all scores, (observed, negative, expected)) over `window`."""
        settings = self.settings
        scores, observed, negative, expected = self._scores(state, window)
        firing = {kind: score for kind, score in scores.items() if score >= settings.open_score}
        if not firing and (state.alert is None or state.alert.status == OVER):
            # A steep onset shows in the last half hour before the hour has filled up; a
            # shorter window is noisier, so it must score higher.
            early = self._scores(state, window[-settings.onset_buckets :])[0]
            if any(score >= settings.onset_score for score in early.values()):
                firing = {kind: score for kind, score in scores.items() if score > 0}
        return firing, scores, (observed, negative, expected)

    def _evaluate_open_bucket(
        self, state: _BrandState, bucket: _Bucket, moment: datetime
    ) -> list[SpikeEvent]:
        """A surge already far above the baseline alerts before its bucket has closed: the
        bucket so far counts against the share of its expected volume that has elapsed."""
        settings = self.settings
        if bucket.count < settings.open_bucket_min_count:
            return []
        if bucket.full_expected is None:
            per_hour = self._expected_per_hour(state, bucket.start)
            bucket.full_expected = per_hour * settings.bucket_minutes / 60
        length = timedelta(minutes=settings.bucket_minutes)
        elapsed = min(1.0, max((moment - bucket.start) / length, settings.open_bucket_min_share))
        expected = bucket.full_expected * elapsed
        # Most mentions leave the bucket near its expected pace: no need to score the window.
        if bucket.count < settings.min_ratio * expected:
            return []
        if not self._warmed_up(state, moment):
            return []
        window = list(state.ring)[1:]
        window.append(replace(bucket, expected=expected))
        firing, _, figures = self._firing(state, window)
        if not firing:
            return []
        return self._open(state, firing, figures, window, max(moment, bucket.start))

    def _evaluate(self, state: _BrandState, bucket: _Bucket) -> list[SpikeEvent]:
        settings = self.settings
        if not self._warmed_up(state, bucket.start):
            return []
        window = list(state.ring)
        firing, scores, figures = self._firing(state, window)
        observed = figures[0]
        bucket_end = bucket.start + timedelta(minutes=settings.bucket_minutes)
        alert = state.alert
        if alert is None or alert.status == OVER:
            if not firing:
                return []
            return self._open(state, firing, figures, window, bucket_end)
        events: list[SpikeEvent] = []
        top = max(scores.values(), default=0.0)
        if firing:
            self._raise(state, alert, firing, figures, bucket, bucket_end)
        if top < settings.close_score:
            alert.quiet_buckets += 1
        else:
            alert.quiet_buckets = 0
        if alert.quiet_buckets >= settings.close_after_buckets:
            return self._end_alert(state, bucket_end)
        status = alert.status
        if observed > alert.peak_volume:
            status = GROWING
        elif observed < 0.75 * alert.peak_volume:
            status = PEAKED
        alert.peak_volume = max(alert.peak_volume, observed)
        if status != alert.status:
            alert.status = status
            events.append(SpikeEvent(self._snapshot(state, alert), status))
        return events

    def _open(
        self,
        state: _BrandState,
        firing: dict[str, float],
        figures: tuple[int, int, float],
        window: list[_Bucket],
        moment: datetime,
    ) -> list[SpikeEvent]:
        """A new alert (or the last one reopened, when the surge flares up again)."""
        alert = state.alert
        if alert is not None and self._rejoins(alert, moment):
            return self._reopen(state, alert, firing, figures, window[-1], moment)
        kind, score = self._strongest(firing)
        baseline_value, observed_value = self._figures(kind, state, *figures)
        alert = SpikeAlert(
            brand=state.brand,
            kind=kind,
            start=self._onset(window),
            peak=moment,
            score=score,
            baseline=baseline_value,
            observed=observed_value,
            confidence=state.baseline.confidence(window[-1].start),
            peak_volume=figures[0],
            terms=BoundedCounter(self.settings.term_capacity),
        )
        state.alert = alert
        for bucket in window:
            if bucket.start >= alert.start:
                for post in bucket.posts:
                    self._remember(alert, post)
        return [SpikeEvent(self._snapshot(state, alert), GROWING)]

    def _rejoins(self, alert: SpikeAlert, moment: datetime) -> bool:
        # A lull shorter than the surge so far is part of it; a blip is not an incident to
        # rejoin hours later.
        if alert.end is None:
            return False
        lull = min(self.settings.rejoin_within, max(timedelta(hours=1), alert.end - alert.start))
        return moment - alert.end <= lull

    def _reopen(
        self,
        state: _BrandState,
        alert: SpikeAlert,
        firing: dict[str, float],
        figures: tuple[int, int, float],
        bucket: _Bucket,
        moment: datetime,
    ) -> list[SpikeEvent]:
        """The surge flares up again: the same alert grows again, with the same start."""
        alert.status, alert.end, alert.quiet_buckets = GROWING, None, 0
        self._raise(state, alert, firing, figures, bucket, moment)
        alert.peak_volume = max(alert.peak_volume, figures[0])
        for post in bucket.posts:
            self._remember(alert, post)
        return [SpikeEvent(self._snapshot(state, alert), GROWING)]

    def _raise(
        self,
        state: _BrandState,
        alert: SpikeAlert,
        firing: dict[str, float],
        figures: tuple[int, int, float],
        bucket: _Bucket,
        moment: datetime,
    ) -> None:
        """A higher score than the alert's so far moves its peak to `moment` (and may rename
        its kind)."""
        kind, score = self._strongest(firing)
        if score <= alert.score:
            return
        if kind != VOLUME or alert.kind == VOLUME:
            alert.kind = kind
        alert.score = score
        alert.baseline, alert.observed = self._figures(alert.kind, state, *figures)
        alert.peak = moment
        alert.confidence = state.baseline.confidence(bucket.start)

    def _end_alert(self, state: _BrandState, end: datetime) -> list[SpikeEvent]:
        alert = state.alert
        assert alert is not None
        alert.status = OVER
        alert.end = end
        return [SpikeEvent(self._snapshot(state, alert), OVER, final=True)]

    @staticmethod
    def _strongest(firing: dict[str, float]) -> tuple[str, float]:
        # A complaint surge is named after its negativity even when volume scores higher.
        negative = {k: v for k, v in firing.items() if k != VOLUME}
        pool = negative or firing
        kind = max(pool, key=lambda k: pool[k])
        return kind, max(firing.values())

    def _figures(
        self, kind: str, state: _BrandState, observed: int, negative: int, expected: float
    ) -> tuple[float, float]:
        """(baseline, observed) in the alert's unit: mentions per hour, or a share for shares."""
        per_hour = 1 / self.settings.window_hours
        if kind == NEGATIVE_SHARE:
            return state.negative_share, negative / max(observed, 1)
        if kind == NEGATIVE_VOLUME:
            return expected * state.negative_share * per_hour, negative * per_hour
        return expected * per_hour, observed * per_hour

    @staticmethod
    def _onset(window: list[_Bucket]) -> datetime:
        for bucket in window:
            excess = bucket.count - bucket.expected
            if bucket.count >= 2 and excess > 2 * math.sqrt(max(bucket.expected, 0.25)):
                return bucket.start
        return window[-1].start

    def _remember(self, alert: SpikeAlert, post: _Post) -> None:
        if len(alert.posts) < self.settings.alert_posts:
            alert.posts.append(post)
        alert.terms.add(post.terms)

    def _snapshot(self, state: _BrandState, alert: SpikeAlert) -> dict[str, Any]:
        return alert_snapshot(state, alert, self.settings)
