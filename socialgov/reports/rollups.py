"""The monitoring rollups, written by the pipeline in the transaction that stores posts or
their findings.

A refresh recomputes the buckets a batch touches from the stored posts (hours) and from the
hour rows (days) instead of adding the batch to them: a replayed, retried or concurrent batch
gives the same figures, and an edit or a new finding is counted once.

On PostgreSQL a refresh first locks the rows of every bucket it will write. Under READ COMMITTED
two workers counting the same bucket at once would each miss the other's uncommitted rows, and
the one committing last would write its stale count; holding the rows first, the second counts
once the first has committed. (SQLite runs one writing transaction at a time.)
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDay

from socialgov.monitoring.models import Finding, Post
from socialgov.monitoring.models.choices import MENTION_KINDS
from socialgov.reports.models import ChannelActivity, Granularity, OrganisationActivity

UTC = dt.UTC


def hour_of(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def day_of(moment: dt.datetime) -> dt.datetime:
    return hour_of(moment).replace(hour=0)


def rollups_refresh(*, posts: Iterable[Post]) -> int:
    """Recompute the hour and day buckets of the channels and times of `posts` (stored or
    just analysed); returns the number of buckets written."""
    hours: dict[int, set[dt.datetime]] = defaultdict(set)
    for post in posts:
        if post.channel_id is not None and post.published_at is not None:
            hours[post.channel_id].add(hour_of(post.published_at))
    if not hours:
        return 0
    days = {channel: {day_of(hour) for hour in set_} for channel, set_ in hours.items()}
    if connection.features.has_select_for_update:
        _lock_buckets(hours, days)
    written = _refresh_hours(hours)
    written += _refresh_days(days)
    for granularity, moments in ((Granularity.HOUR, hours), (Granularity.DAY, days)):
        every = {moment for bucket in moments.values() for moment in bucket}
        written += organisation_totals_refresh(granularity=granularity, moments=every)
    return written


def _lock_buckets(hours: dict[int, set[dt.datetime]], days: dict[int, set[dt.datetime]]) -> None:
    """Create the missing bucket rows and lock them all, in key order: two refreshes that
    share buckets then wait for each other in turn, never in a cycle."""
    channel_keys = sorted(
        (channel_id, granularity, moment)
        for granularity, buckets in ((Granularity.DAY, days), (Granularity.HOUR, hours))
        for channel_id, moments in buckets.items()
        for moment in moments
    )
    ChannelActivity.objects.bulk_create(
        [ChannelActivity(channel_id=c, granularity=g, bucket_start=m) for c, g, m in channel_keys],
        ignore_conflicts=True,
    )
    list(
        ChannelActivity.objects.select_for_update()
        .filter(channel_id__in=hours, bucket_start__in={m for _c, _g, m in channel_keys})
        .order_by("channel_id", "granularity", "bucket_start")
        .values_list("pk")
    )
    totals_keys = sorted({(g, m) for _c, g, m in channel_keys})
    OrganisationActivity.objects.bulk_create(
        [OrganisationActivity(granularity=g, bucket_start=m) for g, m in totals_keys],
        ignore_conflicts=True,
    )
    list(
        OrganisationActivity.objects.select_for_update()
        .filter(bucket_start__in={m for _g, m in totals_keys})
        .order_by("granularity", "bucket_start")
        .values_list("pk")
    )


def organisation_totals_refresh(*, granularity: str, moments: set[dt.datetime]) -> int:
    """Recompute the organisation's totals of `moments` from the channels' rows."""
    if not moments:
        return 0
    summed: dict[dt.datetime, Mapping[str, Any]] = {
        row["bucket_start"]: row
        for row in ChannelActivity.objects.filter(
            granularity=granularity, bucket_start__in=sorted(moments)
        )
        .values("bucket_start")
        .annotate(p=Sum("posts"), m=Sum("mentions"), n=Sum("negative"))
        .order_by()
    }
    rows = [
        OrganisationActivity(
            granularity=granularity,
            bucket_start=moment,
            posts=summed.get(moment, {}).get("p") or 0,
            mentions=summed.get(moment, {}).get("m") or 0,
            negative=summed.get(moment, {}).get("n") or 0,
        )
        for moment in moments
    ]
    OrganisationActivity.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["granularity", "bucket_start"],
        update_fields=["posts", "mentions", "negative"],
    )
    return len(rows)


def _span(buckets: Iterable[set[dt.datetime]], length: dt.timedelta) -> tuple[dt.datetime, ...]:
    moments = [moment for bucket in buckets for moment in bucket]
    return min(moments), max(moments) + length


def _refresh_hours(hours: dict[int, set[dt.datetime]]) -> int:
    """One range query per hour the batch touches, on the (channel, published_at) index.
    Truncating every post of the span to its hour in SQL costs a Python call per row on
    SQLite, and joining the findings multiplies the rows by the findings per post."""
    channels_by_hour: dict[dt.datetime, set[int]] = defaultdict(set)
    for channel_id, moments in hours.items():
        for moment in moments:
            channels_by_hour[moment].add(channel_id)
    mention = Q(kind__in=MENTION_KINDS)
    negative = Exists(
        Finding.objects.filter(post=OuterRef("pk"), analyzer="sentiment", kind="negative")
    )
    figures: dict[tuple[int, dt.datetime], tuple[int, int, int]] = {}
    for hour, channels in channels_by_hour.items():
        counted = (
            Post.objects.filter(
                channel_id__in=channels,
                published_at__gte=hour,
                published_at__lt=hour + dt.timedelta(hours=1),
            )
            .values("channel_id")
            .annotate(
                all_posts=Count("id"),
                all_mentions=Count("id", filter=mention),
                negatives=Count("id", filter=mention & Q(negative)),
            )
            .order_by()
        )
        for row in counted:
            figures[(row["channel_id"], hour)] = (
                row["all_posts"],
                row["all_mentions"],
                row["negatives"],
            )
    return _write(Granularity.HOUR, hours, figures)


def _refresh_days(days: dict[int, set[dt.datetime]]) -> int:
    start, end = _span(days.values(), dt.timedelta(days=1))
    summed = (
        ChannelActivity.objects.filter(
            granularity=Granularity.HOUR,
            channel_id__in=days,
            bucket_start__gte=start,
            bucket_start__lt=end,
        )
        .annotate(bucket=TruncDay("bucket_start", tzinfo=UTC))
        .values("channel_id", "bucket")
        .annotate(all_posts=Sum("posts"), all_mentions=Sum("mentions"), negatives=Sum("negative"))
        .order_by()
    )
    return _write(Granularity.DAY, days, _figures(summed))


def _figures(
    rows: Iterable[Mapping[str, Any]],
) -> dict[tuple[int, dt.datetime], tuple[int, int, int]]:
    return {
        (row["channel_id"], row["bucket"]): (
            row["all_posts"],
            row["all_mentions"],
            row["negatives"],
        )
        for row in rows
    }


def _write(
    granularity: str,
    buckets: dict[int, set[dt.datetime]],
    figures: dict[tuple[int, dt.datetime], tuple[int, int, int]],
) -> int:
    rows = []
    for channel_id, moments in buckets.items():
        for moment in moments:
            posts, mentions, negative = figures.get((channel_id, moment), (0, 0, 0))
            rows.append(
                ChannelActivity(
                    channel_id=channel_id,
                    granularity=granularity,
                    bucket_start=moment,
                    posts=posts,
                    mentions=mentions,
                    negative=negative,
                )
            )
    ChannelActivity.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["channel", "granularity", "bucket_start"],
        update_fields=["posts", "mentions", "negative"],
    )
    return len(rows)
