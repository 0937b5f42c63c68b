"""The publishing calendar: a week or a month of scheduled posts, per channel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from socialgov.publishing import selectors

WEEK = "week"
MONTH = "month"


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw[:10])
    except ValueError:
        return timezone.localdate()


def _range(view: str, day: dt.date) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """First and last shown day (Monday to Sunday), and the previous and next page's day."""
    if view == MONTH:
        first = day.replace(day=1)
        following = (first + dt.timedelta(days=32)).replace(day=1)
        start = first - dt.timedelta(days=first.weekday())
        last = following - dt.timedelta(days=1)
        end = last + dt.timedelta(days=6 - last.weekday())
        previous = (first - dt.timedelta(days=1)).replace(day=1)
        return start, end, previous, following
    start = day - dt.timedelta(days=day.weekday())
    return start, start + dt.timedelta(days=6), start - dt.timedelta(7), start + dt.timedelta(7)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def calendar_context(request: HttpRequest) -> dict[str, Any]:
    view = MONTH if request.GET.get("view") == MONTH else WEEK
    day = _day(request.GET.get("date", ""))
    raw_channel = request.GET.get("channel", "")
    channels = selectors.calendar_channels(user=request.user)
    channel_id = int(raw_channel) if raw_channel.isdigit() else None
    if channel_id is not None and not channels.filter(pk=channel_id).exists():
        channel_id = None
    start, end, previous, following = _range(view, day)
    drafts = selectors.calendar_drafts(
        user=request.user,
        start=_aware(start),
        end=_aware(end + dt.timedelta(days=1)),
        channel_id=channel_id,
    )
    by_day: dict[dt.date, list[Any]] = {}
    for draft in drafts:
        assert draft.scheduled_at is not None
        by_day.setdefault(timezone.localtime(draft.scheduled_at).date(), []).append(draft)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    weeks = [
        [
            {
                "date": d,
                "drafts": by_day.get(d, []),
                "outside": view == MONTH and d.month != day.month,
            }
            for d in days[i : i + 7]
        ]
        for i in range(0, len(days), 7)
    ]
    return {
        "view": view,
        "day": day,
        "weeks": weeks,
        "channels": channels,
        "channel_id": channel_id,
        "previous": previous,
        "following": following,
        "today": timezone.localdate(),
    }
