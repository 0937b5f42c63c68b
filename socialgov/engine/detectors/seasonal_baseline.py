"""The spike detector's memory: a seasonal baseline of mention counts and capped term counts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime, tzinfo


class SeasonalBaseline:
    """Expected mentions per hour for an hour of the day and a day of the week."""

    HOUR_ALPHA = 0.15  # one update per day per slot: about a week of memory
    LEVEL_ALPHA = 0.02  # one update per hour: about two days of memory
    WEEKDAY_ALPHA = 0.3

    def __init__(self, zone: tzinfo = UTC) -> None:
        # Slots are local hours and days: a brand's rhythm follows its audience's clock.
        self.zone = zone
        self.hour_mean = [0.0] * 24
        self.hour_seen = [0] * 24
        self.weekday_total = [0.0] * 7
        self.weekday_seen = [0] * 7
        self.level = 0.0
        # The mean of the prior shape over the hours the level learned from: a level learned
        # from three busy morning hours is not the brand's level at night.
        self.shape_level = 1.0
        self.hours_seen = 0

    def expected_per_hour(
        self, moment: datetime, *, floor: float, shape: Sequence[float] | None = None
    ) -> float:
        """`shape` is a prior hour-of-day profile (mean 1) for the slots not yet learned."""
        if self.hours_seen == 0:
            return floor
        moment = moment.astimezone(self.zone)
        hour = moment.hour
        seen = self.hour_seen[hour]
        weight = min(1.0, seen / 5)
        level = self.level
        if shape is not None:
            level *= shape[hour] / max(self.shape_level, 0.05)
        base = weight * self.hour_mean[hour] + (1 - weight) * level
        return max(floor, base * self._weekday_factor(moment.weekday()))

    def profile(self) -> list[float] | None:
        """This brand's hour-of-day shape (mean 1), once every slot is learned."""
        if min(self.hour_seen) < 5:
            return None
        mean = sum(self.hour_mean) / 24
        if mean <= 0:
            return None
        return [value / mean for value in self.hour_mean]

    def _weekday_factor(self, weekday: int) -> float:
        if min(self.weekday_seen) == 0:
            return 1.0
        mean = sum(self.weekday_total) / 7
        if mean <= 0:
            return 1.0
        return min(3.0, max(0.3, self.weekday_total[weekday] / mean))

    def confidence(self, moment: datetime) -> float:
        moment = moment.astimezone(self.zone)
        history = min(1.0, self.hours_seen / (7 * 24))
        slot = min(1.0, self.hour_seen[moment.hour] / 5)
        return round(0.5 * history + 0.5 * slot, 2)

    def add_hour(self, hour: int, count: float, shape: Sequence[float] | None = None) -> None:
        self.hour_seen[hour] += 1
        alpha = max(self.HOUR_ALPHA, 1 / self.hour_seen[hour])
        self.hour_mean[hour] += alpha * (count - self.hour_mean[hour])
        self.hours_seen += 1
        level_alpha = max(self.LEVEL_ALPHA, 1 / self.hours_seen)
        self.level += level_alpha * (count - self.level)
        prior = shape[hour] if shape is not None else 1.0
        self.shape_level += level_alpha * (prior - self.shape_level)

    def add_day(self, weekday: int, count: float) -> None:
        self.weekday_seen[weekday] += 1
        alpha = max(self.WEEKDAY_ALPHA, 1 / self.weekday_seen[weekday])
        self.weekday_total[weekday] += alpha * (count - self.weekday_total[weekday])


class BoundedCounter:
    """Term document counts that never grow past `capacity` entries."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.counts: Counter[str] = Counter()
        self.documents = 0

    def add(self, terms: Iterable[str]) -> None:
        self.counts.update(set(terms))
        self.documents += 1
        if len(self.counts) > self.capacity:
            self.counts = Counter(dict(self.counts.most_common(self.capacity // 2)))
        if self.documents > 200_000:
            # Halving keeps the baseline recent without a per-term timestamp.
            self.counts = Counter({t: c // 2 for t, c in self.counts.items() if c > 1})
            self.documents //= 2
