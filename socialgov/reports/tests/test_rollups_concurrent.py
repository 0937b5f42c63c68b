"""Two workers refreshing the same rollup bucket at once (PostgreSQL, READ COMMITTED): the one
that commits second must count the first one's rows, not overwrite them with a stale count."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections, transaction

from socialgov.core.models import User
from socialgov.monitoring.models import Finding, Post
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import incoming, make_channel
from socialgov.reports.models import ChannelActivity, Granularity, OrganisationActivity
from socialgov.reports.rollups import rollups_refresh

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _negative(post: Post) -> None:
    Finding.objects.create(
        post=post, analyzer="sentiment", kind="negative", score=0.9, fingerprint=f"f{post.pk}"
    )


def _waiting_on_a_lock(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row is not None and row[0] == "Lock"


def test_two_analyses_of_one_hour_committing_in_turn_count_both_negative_mentions(
    owner: User,
) -> None:
    channel = make_channel(owner.person)
    posts_store(posts=[incoming("1", "awful @mosa"), incoming("2", "awful too @mosa", minutes=5)])
    first, second = Post.objects.order_by("pk")
    refreshed, second_pid = threading.Event(), []
    errors: list[BaseException] = []

    def second_worker() -> None:
        try:
            refreshed.wait(10)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    second_pid.append(cursor.fetchone()[0])
                _negative(second)
                rollups_refresh(posts=[second])
        except BaseException as error:  # reported by the test thread
            errors.append(error)
        finally:
            connections.close_all()

    worker = threading.Thread(target=second_worker)
    worker.start()
    with transaction.atomic():
        _negative(first)
        rollups_refresh(posts=[first])
        refreshed.set()
        # Commit only once the second worker is held by a lock of ours (at the latest when it
        # writes the bucket row), so its count is taken either before or after this commit.
        deadline = time.monotonic() + 10
        while not (second_pid and _waiting_on_a_lock(second_pid[0])):
            assert time.monotonic() < deadline, "the second worker never met our lock"
            time.sleep(0.02)
    worker.join(10)
    assert not errors, errors

    hour: Any = ChannelActivity.objects.get(channel=channel, granularity=Granularity.HOUR)
    day: Any = ChannelActivity.objects.get(channel=channel, granularity=Granularity.DAY)
    totals = OrganisationActivity.objects.get(granularity=Granularity.DAY)
    assert (hour.mentions, hour.negative) == (2, 2)
    assert (day.mentions, day.negative) == (2, 2)
    assert totals.negative == 2
