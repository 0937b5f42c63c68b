"""The detector stage split by channel: each channel's posts are read by one partition, whose
cursor row is its lock, so two workers run the detectors for different channels at once and
never for the same channel; and what the detectors read is read once for all the channels."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialgov.core.models import User
from socialgov.monitoring.models import DetectorCursor, Post
from socialgov.monitoring.pipeline import detect as stage
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
from socialgov.monitoring.pipeline.detect_compromise import compromise_detect
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import incoming, make_channel
from socialgov.monitoring.tests.pattern_analyzer import analyze


def _two_channels_with_posts(owner: User) -> tuple[int, int]:
    first = make_channel(owner.person, platform="x", handle="mosa_be")
    second = make_channel(owner.person, platform="x", handle="mosa_help")
    assert first.pk % 2 != second.pk % 2
    posts = [
        incoming(f"m{n}", f"hello {n}", platform="x", mentions=("mosa_be",)) for n in range(10)
    ]
    posts += [
        incoming(f"h{n}", f"hello {n}", platform="x", mentions=("mosa_help",)) for n in range(10)
    ]
    posts_store(posts=posts)
    analyse_until_idle(analyze=analyze)
    return first.pk, second.pk


def _channels_read(result_ids: list[int]) -> set[int | None]:
    return set(Post.objects.filter(pk__in=result_ids).values_list("channel_id", flat=True))


@pytest.mark.django_db
def test_every_post_is_read_by_the_partition_of_its_channel_and_only_once(
    owner: User, settings
) -> None:
    settings.SOCIALGOV_DETECTOR_PARTITIONS = 2
    first, second = _two_channels_with_posts(owner)

    assert stage.detect_until_idle().posts == Post.objects.count()

    cursors = {cursor.name: cursor.last_post_id for cursor in DetectorCursor.objects.all()}
    assert set(cursors) == {"stream:0/2", "stream:1/2"}
    for channel in (first, second):
        last = Post.objects.filter(channel_id=channel).order_by("-id")[0].pk
        assert cursors[f"stream:{channel % 2}/2"] == last
    assert stage.detect_pending().posts == 0


@pytest.mark.postgres
def test_a_second_worker_skips_the_channels_another_worker_is_detecting(
    transactional_db: None, owner: User, settings
) -> None:
    settings.SOCIALGOV_DETECTOR_PARTITIONS = 2
    first, second = _two_channels_with_posts(owner)
    busy = f"stream:{first % 2}/2"
    stage.ensure_cursors(stage.partition_names())
    locked, release = threading.Event(), threading.Event()

    def first_worker() -> None:  # holds the partition of the first channel
        try:
            with transaction.atomic():
                DetectorCursor.objects.select_for_update().get(name=busy)
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    holder = threading.Thread(target=first_worker)
    holder.start()
    assert locked.wait(30)
    try:
        done = [stage.detect_pending().posts for _ in range(4)]
        read = DetectorCursor.objects.get(name=f"stream:{second % 2}/2").last_post_id
        untouched = DetectorCursor.objects.get(name=busy).last_post_id
    finally:
        release.set()
        holder.join()

    assert sum(done) == 10  # the second channel's posts, and none of the first's
    assert read == Post.objects.filter(channel_id=second).order_by("-id")[0].pk
    assert untouched == 0
    assert stage.detect_until_idle().posts == 10


@pytest.mark.django_db
def test_the_takeover_detector_reads_the_toxicity_of_all_channels_in_one_query(
    owner: User,
) -> None:
    channels = [make_channel(owner.person, platform="x", handle=f"mosa_{n}") for n in range(3)]
    posts = [
        Post.objects.create(
            platform="x",
            external_id=f"own-{channel.pk}",
            text="Nieuws over onze app",
            published_at=timezone.now(),
            kind="own_post",
            channel=channel,
        )
        for channel in channels
    ]
    with CaptureQueriesContext(connection) as captured:
        compromise_detect(posts, before_id=0, now=timezone.now())
    finding_reads = [q for q in captured if "monitoring_finding" in q["sql"]]
    assert len(finding_reads) == 1
