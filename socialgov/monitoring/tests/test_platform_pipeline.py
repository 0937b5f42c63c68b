"""The platform connectors inside the pipeline: polling into the database, duplicates and
edits, renewed secrets, failing credentials, internal content and webhooks."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from socialgov.core.models import Notification
from socialgov.engine.sources.meta import webhooks as meta_webhooks
from socialgov.engine.sources.slack import events as slack_events
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring import selectors, services
from socialgov.monitoring.models import (
    Connector,
    ConnectorHealth,
    Post,
    PostKind,
)
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.monitoring.tests.platforms import (
    failing,
    meta_connector,
    ok,
    recorded,
    recorded_json,
    slack_connector,
)

pytestmark = pytest.mark.django_db

FEED = "/v21.0/104857600001/feed"


def test_a_meta_poll_stores_own_posts_and_comments_once_however_often_it_is_read(owner) -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json"))
        connector = meta_connector(server, owner)
        first = connector_poll(connector_id=connector.pk, http=local_client())
        Connector.objects.filter(pk=connector.pk).update(next_poll_at=None)
        second = connector_poll(connector_id=connector.pk, http=local_client())
    assert first.stored == 4 and second.stored == 0
    assert Post.objects.count() == 4
    comment = Post.objects.get(external_id="900000000000003_700000000000012")
    assert comment.kind == PostKind.COMMENT and comment.channel == connector.channel
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.OK


def test_an_edited_x_post_updates_the_stored_post_and_goes_back_to_analysis(owner) -> None:
    page = recorded_json("x", "search_page_1.json")
    edited = json.loads(json.dumps(page))
    edited["data"][0]["id"] = "1861700000000000110"
    edited["data"][0]["edit_history_tweet_ids"] = ["1861700000000000105", "1861700000000000110"]
    edited["data"][0]["text"] = "@MosaInsurance sorted now, thanks"
    with played_server() as server:
        server.on("/2/tweets/search/recent", Reply.json(page), Reply.json(edited))
        connector = services.connector_create(
            actor=None,
            name="X search",
            kind="x",
            config={"api_base": server.base, "searches": ["mosa"]},
            secrets={"bearer_token": "b"},
        )
        connector_poll(connector_id=connector.pk, http=local_client())
        Post.objects.update(analysis_state="done")
        Connector.objects.filter(pk=connector.pk).update(next_poll_at=None, cursor={})
        connector_poll(connector_id=connector.pk, http=local_client())
    post = Post.objects.get(external_id="1861700000000000105")
    assert Post.objects.count() == 2
    assert post.text == "@MosaInsurance sorted now, thanks"
    assert post.edited_at is not None and post.analysis_state == "pending"


def test_rotated_tokens_are_stored_encrypted_even_when_the_poll_fails_later(owner) -> None:
    with played_server() as server:
        server.on(
            "/2/users/2001/tweets",
            failing("x", "error_unauthorized.json", 401),
            ok("x", "user_tweets.json"),
        )
        server.on("/2/users/2001/mentions", Reply(503, b"down"))
        server.on("/2/oauth2/token", ok("x", "token_refreshed.json"))
        connector = services.connector_create(
            actor=None,
            name="X own",
            kind="x",
            config={"api_base": server.base, "user_ids": ["2001"]},
            secrets={"access_token": "old", "refresh_token": "r1", "client_id": "cid"},
        )
        result = connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert result.error
    assert connector.secrets()["refresh_token"] == "x-refresh-rotated"
    assert connector.secrets()["client_id"] == "cid"
    assert "x-refresh-rotated" not in connector.secrets_token


def test_an_expired_linkedin_token_marks_the_connector_failing_and_tells_the_owner(owner) -> None:
    with played_server() as server:
        server.on("/rest/posts", failing("linkedin", "error_expired.json", 401))
        channel = make_channel(owner.person, platform="linkedin", handle="mosa-insurance")
        connector = services.connector_create(
            actor=None,
            name="LinkedIn",
            kind="linkedin",
            channel=channel,
            config={"api_base": server.base, "organizations": ["5515715"]},
            secrets={"access_token": "li"},
        )
        connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.FAILING
    notification = Notification.objects.get()
    assert notification.recipient == owner.person
    assert "60 days" in notification.body


def test_slack_messages_are_internal_and_hidden_from_those_who_may_not_read_them(
    owner, teammate, analyst, auditor, lead
) -> None:
    with played_server() as server:
        server.on("/conversations.history", ok("slack", "history_page_2.json"))
        connector = slack_connector(server, owner)
        connector_poll(connector_id=connector.pk, http=local_client())
    post = Post.objects.get()
    assert post.kind == PostKind.INTERNAL
    assert list(selectors.post_list(user=owner)) == [post]
    assert list(selectors.post_list(user=lead)) == [post]
    for user in (teammate, analyst, auditor):
        assert not selectors.post_list(user=user).exists()


def test_the_meta_webhook_handshake_and_a_signed_comment(owner) -> None:
    connector = meta_connector(None, owner)
    url = f"/api/v1/monitoring/webhooks/{connector.pk}/meta/"
    client = Client()
    handshake = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "42424242"}
    )
    assert handshake.status_code == 200 and handshake.content == b"42424242"
    assert (
        client.get(
            url, {"hub.mode": "subscribe", "hub.verify_token": "no", "hub.challenge": "1"}
        ).status_code
        == 403
    )
    body = recorded("meta", "webhook_page_comment.json")
    response = client.post(
        url,
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=meta_webhooks.sign("app-secret", body),
    )
    assert response.status_code == 200 and response.json()["accepted"] == 1
    post = Post.objects.get()
    assert post.kind == PostKind.COMMENT and post.channel == connector.channel


def test_a_meta_webhook_with_a_bad_signature_is_refused_counted_and_changes_nothing(owner) -> None:
    connector = meta_connector(None, owner)
    url = f"/api/v1/monitoring/webhooks/{connector.pk}/meta/"
    body = recorded("meta", "webhook_page_comment.json")
    client = Client()
    for signature in ("", meta_webhooks.sign("guess", body)):
        response = client.post(
            url, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
        )
        assert response.status_code == 401
    big = b'{"object": "page", "entry": []' + b" " * (1024 * 1024) + b"}"
    assert (
        client.post(
            url,
            data=big,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=meta_webhooks.sign("app-secret", big),
        ).status_code
        == 413
    )
    connector.refresh_from_db()
    assert not Post.objects.exists()
    assert connector.health == ConnectorHealth.DEGRADED
    assert connector.items_rejected == 3
    assert "X-Hub-Signature-256" in connector.recent_problems[-1]["reason"]


def _slack_post(connector: Connector, body: bytes, *, key: str = "signing", age: int = 0):
    stamp = str(int(timezone.now().timestamp()) - age)
    return Client().post(
        f"/api/v1/monitoring/webhooks/{connector.pk}/slack/",
        data=body,
        content_type="application/json",
        HTTP_X_SLACK_REQUEST_TIMESTAMP=stamp,
        HTTP_X_SLACK_SIGNATURE=slack_events.sign(key, stamp, body),
    )


def test_slack_events_are_verified_stored_and_edits_update_the_message(owner) -> None:
    connector = slack_connector(None, owner)
    challenge = _slack_post(connector, recorded("slack", "url_verification.json"))
    assert challenge.json()["challenge"].startswith("3eZbrw1aBm2")
    assert _slack_post(connector, recorded("slack", "event_message.json")).status_code == 200
    assert Post.objects.get().text.startswith("You are useless")
    assert (
        _slack_post(connector, recorded("slack", "event_message_changed.json")).status_code == 200
    )
    post = Post.objects.get()
    assert post.text == "Sorry, that was out of line." and post.edited_at is not None
    assert post.kind == PostKind.INTERNAL


def test_slack_events_with_a_bad_signature_or_an_old_timestamp_are_refused(owner) -> None:
    connector = slack_connector(None, owner)
    body = recorded("slack", "event_message.json")
    assert _slack_post(connector, body, key="guess").status_code == 401
    assert _slack_post(connector, body, age=600).status_code == 401
    assert not Post.objects.exists()
    connector.refresh_from_db()
    assert connector.items_rejected == 2 and connector.health == ConnectorHealth.DEGRADED
