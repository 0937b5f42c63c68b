"""Polling connectors into the database, webhook pushes, replay of a recorded stream."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from unittest import mock

import pytest
from django.test import Client

from socialgov.core.models import Notification, User
from socialgov.engine.sources.webhook import sign
from socialgov.engine.tests.played_server import Reply, fixture, local_client, played_server
from socialgov.monitoring import services
from socialgov.monitoring.demo import RULES
from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.models import Alert, Connector, ConnectorHealth, Post
from socialgov.monitoring.pipeline.ingest import connector_poll, due_connector_ids
from socialgov.monitoring.replay import replay_file
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def import_dir(tmp_path: Path, settings) -> Path:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    return tmp_path


def _mastodon(server, owner: User) -> Connector:
    channel = make_channel(owner.person)
    return services.connector_create(
        actor=None,
        name="Mastodon #mosa",
        kind="mastodon",
        config={"server": server.base, "hashtags": ["mosa"]},
        secrets={"access_token": "tok"},
        channel=channel,
    )


def test_a_poll_stores_posts_and_the_cursor_and_marks_the_connector_healthy(owner) -> None:
    with played_server() as server:
        server.on("/api/v1/timelines/tag/mosa", Reply(200, fixture("mastodon_tag_page1.json")))
        connector = _mastodon(server, owner)
        result = connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert result.stored == 3
    assert Post.objects.count() == 3
    assert connector.cursor == {"tag:mosa": {"min_id": "110000000000000005"}}
    assert connector.health == ConnectorHealth.OK
    assert connector.posts_received == 3
    assert connector.next_poll_at is not None
    assert due_connector_ids(now=connector.next_poll_at - dt.timedelta(seconds=1)) == []


def test_refused_credentials_mark_the_connector_failing_and_tell_the_owner_once(owner) -> None:
    with played_server() as server:
        server.on("/api/v1/timelines/tag/mosa", Reply.json({"error": "invalid token"}, 401))
        connector = _mastodon(server, owner)
        connector_poll(connector_id=connector.pk, http=local_client())
        Connector.objects.filter(pk=connector.pk).update(next_poll_at=None)
        connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.FAILING
    assert "credentials" in connector.last_error
    assert connector.consecutive_failures == 2
    assert [n.recipient for n in Notification.objects.all()] == [owner.person]


def test_a_failing_page_keeps_the_batches_stored_before_it(owner) -> None:
    with played_server() as server:
        server.on(
            "/api/v1/timelines/tag/mosa",
            Reply(200, fixture("mastodon_tag_page2.json")),
            Reply(200, b"{truncated"),
        )
        connector = _mastodon(server, owner)
        Connector.objects.filter(pk=connector.pk).update(
            cursor={"tag:mosa": {"min_id": "110000000000000005"}}
        )
        result = connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert result.error
    assert Post.objects.count() == 2
    assert connector.cursor == {"tag:mosa": {"min_id": "110000000000000007"}}
    assert connector.health == ConnectorHealth.DEGRADED


def test_a_leased_connector_is_not_polled_by_a_second_worker(owner) -> None:
    from socialgov.monitoring.pipeline.ingest import connector_lease

    with played_server() as server:
        connector = _mastodon(server, owner)
    now = dt.datetime.now(dt.UTC)
    assert connector_lease(connector_id=connector.pk, now=now, holder="a")
    assert not connector_lease(connector_id=connector.pk, now=now, holder="b")
    assert connector_poll(connector_id=connector.pk, http=local_client()).batches == 0


def _webhook(owner: User) -> Connector:
    make_channel(owner.person, platform="x", handle="mosa_be")
    return services.connector_create(
        actor=None,
        name="Push",
        kind="webhook",
        config={"platform": "x"},
        secrets={"signing_secret": "s3cret"},
    )


def _push(connector: Connector, body: bytes, *, secret: str = "s3cret", stamp: str = ""):  # noqa: S107  # type: ignore[no-untyped-def]
    stamp = stamp or str(int(dt.datetime.now(dt.UTC).timestamp()))
    return Client().post(
        f"/api/v1/monitoring/webhooks/{connector.pk}/",
        data=body,
        content_type="application/json",
        HTTP_X_SOCIALGOV_TIMESTAMP=stamp,
        HTTP_X_SOCIALGOV_SIGNATURE=sign(secret, stamp, body),
    )


def test_a_signed_push_is_stored_at_once_and_analysed_later(owner) -> None:
    connector = _webhook(owner)
    body = json.dumps(
        {
            "posts": [
                {"id": "1", "text": "@mosa_be <b>hi</b>", "created_at": "2026-11-27T08:00:00Z"},
                {"id": "", "text": "no id"},
            ]
        }
    ).encode()
    response = _push(connector, body)
    assert response.status_code == 202
    assert response.json() == {"accepted": 1, "rejected": ["item 1: missing post id"]}
    post = Post.objects.get()
    assert post.text == "@mosa_be <b>hi</b>"
    assert post.analysis_state == "pending"
    assert post.channel is not None
    assert post.channel.handle == "mosa_be"


def test_a_push_with_a_bad_signature_changes_nothing_but_the_health_mark(owner) -> None:
    connector = _webhook(owner)
    body = b'{"id": "1", "text": "x", "created_at": "2026-11-27T08:00:00Z"}'
    assert _push(connector, body, secret="wrong").status_code == 401
    assert _push(connector, body, stamp="1000000000").status_code == 401
    assert not Post.objects.exists()
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.DEGRADED


def test_a_push_larger_than_the_limit_is_refused(owner) -> None:
    connector = _webhook(owner)
    body = json.dumps(
        {"id": "1", "text": "x" * (1024 * 1024), "created_at": "2026-11-27T08:00:00Z"}
    )
    assert _push(connector, body.encode()).status_code == 413
    assert not Post.objects.exists()


def test_a_replayed_stream_routes_alerts_to_the_owners_of_the_channels(
    owner, outsider, import_dir
) -> None:
    make_channel(owner.person, platform="x", handle="mosa_be")
    make_channel(outsider.person, platform="x", handle="mosa_help")
    for rule in RULES:
        services.alert_rule_create(actor=None, **rule)
    path = write_stream(import_dir / "stream.jsonl", 400, seed=3)
    report = replay_file(path, batch_size=100)
    assert report.read == 400 and report.rejected == 0
    routed = Alert.objects.filter(channel__isnull=False).values_list("channel__handle", "owner_id")
    owners = set(routed)
    assert ("mosa_be", owner.person.pk) in owners
    assert ("mosa_help", outsider.person.pk) in owners
    assert {handle for handle, _ in owners} == {"mosa_be", "mosa_help"}
    assert report.latencies and report.percentile(0.95) < 60
    again = replay_file(path, batch_size=100)
    assert again.stored == 0 and again.alerts == 0


def test_replay_paces_posts_by_their_timestamps(import_dir) -> None:
    path = import_dir / "paced.jsonl"
    lines = [
        {
            "platform": "x",
            "id": str(i),
            "text": "t",
            "created_at": f"2026-11-27T08:00:{i * 10:02d}Z",
        }
        for i in range(3)
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    waits: list[float] = []
    stored_before_each_wait: list[int] = []

    def sleep(seconds: float) -> None:  # the clock does not move: waits add up from the start
        waits.append(seconds)
        stored_before_each_wait.append(Post.objects.count())

    replay_file(path, speed=10, sleep=sleep)
    assert len(waits) == 2
    assert 0.5 < waits[0] <= 1.0 and 1.5 < waits[1] <= 2.0
    assert stored_before_each_wait == [1, 2]


def test_a_rule_with_a_chat_webhook_posts_a_summary_without_post_text(owner) -> None:
    from socialgov.monitoring.pipeline import chat
    from socialgov.monitoring.pipeline.analyse import FindingResult, analyse_until_idle
    from socialgov.monitoring.pipeline.store import posts_store
    from socialgov.monitoring.tests.helpers import incoming

    make_channel(owner.person)
    with played_server() as server:
        server.on("/hook", Reply(200, b"ok"))
        services.alert_rule_create(
            actor=None,
            name="Toxic",
            finding_kinds=["toxicity"],
            chat_format="teams",
            chat_webhook_url=f"{server.base}/hook",
        )
        posts_store(posts=[incoming("1", "secret words idiot @mosa")])
        analyse_until_idle(
            analyze=lambda posts: [FindingResult(posts[0].id, "toxicity", "toxic", 0.9, "x")]
        )
        alert = Alert.objects.get()
        with mock.patch.object(chat, "http_client", local_client):
            assert chat.deliver_chat(alert_id=alert.pk)
    sent = json.loads(server.requests[0].body)
    assert sent["attachments"][0]["content"]["type"] == "AdaptiveCard"
    assert "secret words" not in server.requests[0].body.decode()
    assert f"/monitoring/alerts/{alert.pk}/" in server.requests[0].body.decode()


def test_a_slow_analysis_holds_intake_back_instead_of_piling_posts_up(
    owner, import_dir, settings
) -> None:
    from socialgov.monitoring.jobs import loop as worker
    from socialgov.monitoring.models import AnalysisState

    settings.SOCIALGOV_BACKLOG_LIMIT = 40
    path = write_stream(import_dir / "stream.jsonl", 300, seed=9)
    connector = services.connector_create(
        actor=None, name="f", kind="file", config={"path": str(path), "batch_size": 50}
    )
    waiting: list[int] = []

    def analyse_then_count() -> None:
        worker._drain(limit=20)
        waiting.append(Post.objects.filter(analysis_state=AnalysisState.PENDING).count())

    connector_poll(connector_id=connector.pk, between_batches=analyse_then_count)
    assert Post.objects.count() == 300
    assert max(waiting) <= 40
