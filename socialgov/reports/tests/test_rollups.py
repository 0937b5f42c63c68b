"""The monitoring rollups follow what the pipeline stores and finds, once per post."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from socialgov.core.models import User
from socialgov.monitoring.pipeline.analyse import FindingResult, analyse_until_idle
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import incoming, make_channel
from socialgov.reports.models import ChannelActivity, Granularity, OrganisationActivity

pytestmark = pytest.mark.django_db

NINE = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def negative_words(posts: Iterable[Any]) -> Iterator[FindingResult]:
    for post in posts:
        if "awful" in post.text:
            yield FindingResult(post.id, "sentiment", "negative", 0.9, "negative words")


def figures(channel: Any, granularity: str = Granularity.HOUR) -> list[tuple[Any, ...]]:
    rows = ChannelActivity.objects.filter(channel=channel, granularity=granularity)
    return list(
        rows.order_by("bucket_start").values_list("bucket_start", "posts", "mentions", "negative")
    )


def batch() -> list[Any]:
    return [
        incoming("1", "awful service @mosa"),
        incoming("2", "thanks @mosa", minutes=10),
        incoming("3", "our news", author="mosa"),
        incoming("4", "awful again @mosa", minutes=70),
    ]


@pytest.fixture
def channel(owner: User) -> Any:
    return make_channel(owner.person)


def test_storing_a_batch_counts_posts_and_mentions_per_hour_and_day(channel: Any) -> None:
    posts_store(posts=batch())

    assert figures(channel) == [(NINE, 3, 2, 0), (NINE + dt.timedelta(hours=1), 1, 1, 0)]
    assert figures(channel, Granularity.DAY) == [(NINE.replace(hour=0), 4, 3, 0)]


def test_analysis_counts_the_negative_mentions_in_the_same_buckets(channel: Any) -> None:
    posts_store(posts=batch())
    analyse_until_idle(analyze=negative_words)

    assert figures(channel) == [(NINE, 3, 2, 1), (NINE + dt.timedelta(hours=1), 1, 1, 1)]
    assert figures(channel, Granularity.DAY) == [(NINE.replace(hour=0), 4, 3, 2)]


def test_the_organisations_totals_sum_every_channel(channel: Any, owner: User) -> None:
    other = make_channel(owner.person, handle="other@mastodon.social")
    posts_store(posts=[*batch(), incoming("9", "awful @other", author="x", minutes=5)])
    analyse_until_idle(analyze=negative_words)

    days = OrganisationActivity.objects.filter(granularity=Granularity.DAY)
    assert list(days.values_list("posts", "mentions", "negative")) == [(5, 4, 3)]
    hours = OrganisationActivity.objects.filter(granularity=Granularity.HOUR)
    assert sorted(hours.values_list("posts", flat=True)) == [1, 4]
    assert (
        ChannelActivity.objects.filter(channel=other, granularity=Granularity.DAY).get().negative
        == 1
    )


def test_a_replayed_batch_and_a_second_analysis_count_nothing_twice(channel: Any) -> None:
    posts_store(posts=batch())
    analyse_until_idle(analyze=negative_words)
    before = (figures(channel), figures(channel, Granularity.DAY))

    posts_store(posts=batch())
    posts_store(posts=batch()[:2])
    analyse_until_idle(analyze=negative_words)

    assert (figures(channel), figures(channel, Granularity.DAY)) == before


def test_an_edited_post_is_counted_once_with_its_new_tone(channel: Any) -> None:
    posts_store(posts=[incoming("1", "fine @mosa")])
    analyse_until_idle(analyze=negative_words)
    assert figures(channel) == [(NINE, 1, 1, 0)]

    posts_store(posts=[incoming("1", "edited: awful @mosa")])
    analyse_until_idle(analyze=negative_words)

    assert figures(channel) == [(NINE, 1, 1, 1)]


def test_posts_of_no_channel_leave_the_rollups_alone(channel: Any) -> None:
    posts_store(posts=[incoming("x", "nothing about anyone", author="stranger")])

    assert not ChannelActivity.objects.exists()


def test_a_post_edited_into_another_hour_leaves_the_hour_it_was_counted_in(
    channel: Any,
) -> None:
    posts_store(posts=[incoming("1", "fine @mosa")])
    assert figures(channel) == [(NINE, 1, 1, 0)]

    posts_store(posts=[incoming("1", "edited @mosa", minutes=70)])

    assert figures(channel) == [(NINE, 0, 0, 0), (NINE + dt.timedelta(hours=1), 1, 1, 0)]
    assert figures(channel, Granularity.DAY) == [(NINE.replace(hour=0), 1, 1, 0)]
