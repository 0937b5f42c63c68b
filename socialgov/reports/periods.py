"""The periods a report or dashboard covers, and how its days fold into the points of a chart."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

UTC = dt.UTC

# Days covered, and how many days make one point of a chart over the period.
PERIODS: dict[str, tuple[int, int]] = {
    "7d": (7, 1),
    "30d": (30, 1),
    "quarter": (91, 7),
    "year": (364, 28),
}
PERIOD_LABELS: dict[str, str | Promise] = {
    "7d": _("7 days"),
    "30d": _("30 days"),
    "quarter": _("Quarter"),
    "year": _("Year"),
}
DEFAULT_PERIOD = "30d"


@dataclass(frozen=True)
class Period:
    key: str
    start: dt.datetime
    end: dt.datetime
    step_days: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def buckets(self) -> list[dt.datetime]:
        """The start of each point of a chart over the period, oldest first."""
        count = self.days // self.step_days
        return [self.start + dt.timedelta(days=i * self.step_days) for i in range(count)]

    def bucket_of(self, moment: dt.datetime) -> int | None:
        index = (moment - self.start).days // self.step_days
        return index if 0 <= index < self.days // self.step_days else None

    def label(self, moment: dt.datetime) -> str:
        return moment.strftime("%d/%m") if self.days < 364 else moment.strftime("%m/%Y")

    def previous(self) -> Period:
        length = self.end - self.start
        return Period(self.key, self.start - length, self.start, self.step_days)


def period_of(
    key: str | None, *, today: dt.date | None = None, end: dt.date | None = None
) -> Period:
    """The period `key` ending with `end` (or today) included; an unknown key is the default."""
    key = key if key in PERIODS else DEFAULT_PERIOD
    days, step = PERIODS[key]
    last = end or today or dt.datetime.now(UTC).date()
    stop = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=UTC)
    return Period(key, stop - dt.timedelta(days=days), stop, step)
