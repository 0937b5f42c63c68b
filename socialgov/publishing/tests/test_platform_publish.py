"""Each platform's publish call against recorded answers served by a local server: the
request it makes, the id it keeps, and how the platform's errors come back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from socialgov.engine.sources.bluesky import publish as bluesky_publish
from socialgov.engine.sources.bluesky.publish import BlueskyPublisher
from socialgov.engine.sources.linkedin.publish import LinkedInPublisher
from socialgov.engine.sources.mastodon.publish import MastodonPublisher
from socialgov.engine.sources.meta.publish import FacebookPagePublisher
from socialgov.engine.sources.publishing import (
    PublishError,
    PublishRequest,
    build_publisher,
    can_publish,
)
from socialgov.engine.sources.x.publish import XPublisher
from socialgov.engine.tests.played_server import PlayedServer, Reply, local_client, played_server

FIXTURES = Path(__file__).parent / "fixtures"
REQUEST = PublishRequest("Bedankt voor uw bericht", "socialgov-draft-7", reply_to="")


def recorded(name: str, status: int = 200, **headers: str) -> Reply:
    body = (FIXTURES / name).read_bytes()
    return Reply(status, body, {"Content-Type": "application/json", **headers})


def test_mastodon_posts_a_status_with_an_idempotency_key() -> None:
    with played_server() as server:
        server.on("/api/v1/statuses", recorded("mastodon_status.json"))
        result = MastodonPublisher(server.base, "tok", local_client()).publish(
            PublishRequest("Bedankt", "socialgov-draft-7", reply_to="1099")
        )
    seen = server.requests[0]
    assert seen.method == "POST" and seen.headers["Idempotency-Key"] == "socialgov-draft-7"
    assert seen.headers["Authorization"] == "Bearer tok"
    assert json.loads(seen.body) == {
        "status": "Bedankt",
        "visibility": "public",
        "in_reply_to_id": "1099",
    }
    assert result.external_id == "113500000000000001"
    assert result.url == "https://mastodon.example/@mosa/113500000000000001"


def test_mastodon_reports_a_bad_token_as_not_worth_retrying() -> None:
    with played_server() as server:
        server.on("/api/v1/statuses", recorded("mastodon_401.json", 401))
        with pytest.raises(PublishError) as caught:
            MastodonPublisher(server.base, "old", local_client()).publish(REQUEST)
    assert caught.value.status == 401 and not caught.value.retryable
    assert "access token is invalid" in str(caught.value)


def test_mastodon_marks_duplicate_content() -> None:
    with played_server() as server:
        server.on("/api/v1/statuses", recorded("mastodon_422_duplicate.json", 422))
        with pytest.raises(PublishError) as caught:
            MastodonPublisher(server.base, "tok", local_client()).publish(REQUEST)
    assert caught.value.duplicate and not caught.value.retryable


def test_a_server_error_that_persists_is_worth_retrying_later() -> None:
    with played_server() as server:
        server.on("/api/v1/statuses", Reply(503, b"down"))
        with pytest.raises(PublishError) as caught:
            MastodonPublisher(server.base, "tok", local_client()).publish(REQUEST)
    assert caught.value.retryable and caught.value.status == 503
    assert len(server.requests) == 3  # the client's own retries, same idempotency key


def test_x_creates_a_tweet_in_reply() -> None:
    with played_server() as server:
        server.on("/2/tweets", recorded("x_tweet.json", 201))
        result = XPublisher("tok", local_client(), server.base).publish(
            PublishRequest("Bedankt", "k", reply_to="1863")
        )
    assert json.loads(server.requests[0].body) == {
        "text": "Bedankt",
        "reply": {"in_reply_to_tweet_id": "1863"},
    }
    assert result.external_id == "1864000000000000001"


def test_x_says_duplicate_content_on_a_403() -> None:
    with played_server() as server:
        server.on("/2/tweets", recorded("x_403_duplicate.json", 403))
        with pytest.raises(PublishError) as caught:
            XPublisher("tok", local_client(), server.base).publish(REQUEST)
    assert caught.value.duplicate and caught.value.status == 403


def test_x_rate_limit_with_a_far_reset_is_retried_after_the_reset() -> None:
    reset = "9999999999"
    with played_server() as server:
        server.on("/2/tweets", recorded("x_429.json", 429, **{"x-rate-limit-reset": reset}))
        with pytest.raises(PublishError) as caught:
            XPublisher("tok", local_client(), server.base).publish(REQUEST)
    assert caught.value.retryable and caught.value.retry_at is not None
    assert len(server.requests) == 1


def test_bluesky_creates_a_post_record() -> None:
    with played_server() as server:
        server.on("/xrpc/com.atproto.repo.createRecord", recorded("bluesky_record.json"))
        result = BlueskyPublisher("did:plc:mosa123", "jwt", local_client(), server.base).publish(
            REQUEST
        )
    body = json.loads(server.requests[0].body)
    assert body["repo"] == "did:plc:mosa123" and body["collection"] == "app.bsky.feed.post"
    assert body["record"]["text"] == "Bedankt voor uw bericht"
    assert result.external_id == "at://did:plc:mosa123/app.bsky.feed.post/3lcxyzabc2k2a"
    assert result.url.endswith("/post/3lcxyzabc2k2a")


def test_bluesky_reports_an_expired_token() -> None:
    with played_server() as server:
        server.on("/xrpc/com.atproto.repo.createRecord", recorded("bluesky_401.json", 401))
        with pytest.raises(PublishError) as caught:
            BlueskyPublisher("did:plc:m", "jwt", local_client(), server.base).publish(REQUEST)
    assert "Token has expired" in str(caught.value) and not caught.value.retryable


SESSION = "/xrpc/com.atproto.server.createSession"
REFRESH = "/xrpc/com.atproto.server.refreshSession"
RECORD = "/xrpc/com.atproto.repo.createRecord"


@pytest.fixture(autouse=True)
def _no_bluesky_sessions_kept_between_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bluesky_publish, "_sessions", {})


FIRST_PASSWORD = "app-pass-1"  # the fixture's, for a test server


def _signed_in(server: PlayedServer, password: str = FIRST_PASSWORD) -> BlueskyPublisher:
    return BlueskyPublisher(
        "", "", local_client(), server.base, identifier="mosa.bsky.social", app_password=password
    )


def test_bluesky_signs_in_with_an_app_password_once_and_posts_as_the_session_did() -> None:
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_session.json"))
        server.on(RECORD, recorded("bluesky_record.json"))
        first = _signed_in(server).publish(REQUEST)
        _signed_in(server).publish(REQUEST)
    assert server.paths() == [SESSION, RECORD, RECORD]
    assert json.loads(server.requests[0].body) == {
        "identifier": "mosa.bsky.social",
        "password": "app-pass-1",
    }
    assert json.loads(server.requests[1].body)["repo"] == "did:plc:mosa123"
    assert server.requests[2].headers["Authorization"] == "Bearer access-1"
    assert first.url == "https://bsky.app/profile/did:plc:mosa123/post/3lcxyzabc2k2a"


def test_bluesky_refreshes_an_expired_access_token_and_sends_the_post_once_more() -> None:
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_session.json"))
        server.on(REFRESH, recorded("bluesky_refreshed.json"))
        server.on(RECORD, recorded("bluesky_401.json", 400), recorded("bluesky_record.json"))
        result = _signed_in(server).publish(REQUEST)
        _signed_in(server).publish(REQUEST)
    assert server.paths() == [SESSION, RECORD, REFRESH, RECORD, RECORD]
    assert server.requests[2].headers["Authorization"] == "Bearer refresh-1"
    assert [seen.headers["Authorization"] for seen in server.requests[3:]] == [
        "Bearer access-2",
        "Bearer access-2",
    ]
    assert result.external_id.endswith("/3lcxyzabc2k2a")


def test_bluesky_signs_in_again_when_the_refresh_token_expired_too() -> None:
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_session.json"))
        server.on(REFRESH, recorded("bluesky_401.json", 400))
        server.on(RECORD, recorded("bluesky_401.json", 400), recorded("bluesky_record.json"))
        _signed_in(server).publish(REQUEST)
    assert server.paths() == [SESSION, RECORD, REFRESH, SESSION, RECORD]


def test_bluesky_refuses_a_wrong_app_password_without_posting_or_retrying() -> None:
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_bad_password.json", 401))
        with pytest.raises(PublishError) as caught:
            _signed_in(server, password="wrong").publish(REQUEST)
    assert server.paths() == [SESSION]
    assert "Invalid identifier or password" in str(caught.value)
    assert not caught.value.retryable


def test_bluesky_signs_in_again_after_the_app_password_changed() -> None:
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_session.json"))
        server.on(RECORD, recorded("bluesky_record.json"))
        _signed_in(server).publish(REQUEST)
        _signed_in(server, password="app-pass-2").publish(REQUEST)
    assert server.paths() == [SESSION, RECORD, SESSION, RECORD]


def test_a_bluesky_connector_with_an_identifier_and_app_password_publishes() -> None:
    secrets = {"identifier": "mosa.bsky.social", "app_password": FIRST_PASSWORD}
    with played_server() as server:
        server.on(SESSION, recorded("bluesky_session.json"))
        server.on(RECORD, recorded("bluesky_record.json"))
        publisher = build_publisher("bluesky", {"pds": server.base}, secrets, local_client())
        publisher.publish(REQUEST)
    assert server.paths() == [SESSION, RECORD]


def test_only_platforms_with_a_publisher_can_publish() -> None:
    assert can_publish("mastodon") and can_publish("x") and can_publish("bluesky")
    assert can_publish("facebook") and can_publish("linkedin")
    assert not can_publish("tiktok")


FEED = "/v21.0/104857600001/feed"


def _facebook(server: PlayedServer) -> FacebookPagePublisher:
    return FacebookPagePublisher("104857600001", "page-tok", local_client(), server.base)


def test_facebook_posts_on_the_page_feed_and_answers_as_a_comment() -> None:
    with played_server() as server:
        server.on(FEED, recorded("facebook_post.json"))
        server.on("/v21.0/104857600001_42/comments", Reply.json({"id": "104857600001_42_7"}))
        post = _facebook(server).publish(REQUEST)
        answer = _facebook(server).publish(
            PublishRequest("Sorry", "socialgov-draft-8", reply_to="104857600001_42")
        )
    first, second = server.requests
    assert first.method == "POST" and json.loads(first.body) == {"message": REQUEST.text}
    assert first.headers["Authorization"] == "Bearer page-tok"
    assert post.external_id == "104857600001_998877665544"
    assert post.url == "https://www.facebook.com/104857600001_998877665544"
    assert second.path == "/v21.0/104857600001_42/comments"
    assert answer.external_id == "104857600001_42_7"


@pytest.mark.parametrize(
    ("name", "retryable", "duplicate", "words"),
    [
        ("facebook_190.json", False, False, "Session has expired"),
        ("facebook_506_duplicate.json", False, True, "Duplicate status message"),
        ("facebook_32_throttled.json", True, False, "Page request limit reached"),
    ],
)
def test_facebook_errors_say_whether_to_retry(
    name: str, retryable: bool, duplicate: bool, words: str
) -> None:
    with played_server() as server:
        server.on(FEED, recorded(name, 400))
        with pytest.raises(PublishError) as caught:
            _facebook(server).publish(REQUEST)
    assert caught.value.retryable is retryable and caught.value.duplicate is duplicate
    assert words in str(caught.value)


def _linkedin(server: PlayedServer) -> LinkedInPublisher:
    return LinkedInPublisher(
        "urn:li:organization:2414183",
        "li-tok",
        local_client(),
        server.base,
        "202411",
    )


def test_linkedin_posts_for_the_organisation_and_comments_in_reply() -> None:
    share = "urn:li:share:7100000000000000001"
    with played_server() as server:
        server.on("/rest/posts", Reply(201, b"", {"x-restli-id": share}))
        server.on(
            "/rest/socialActions/urn%3Ali%3Ashare%3A7100000000000000001/comments",
            recorded("linkedin_comment.json", 201),
        )
        post = _linkedin(server).publish(REQUEST)
        answer = _linkedin(server).publish(PublishRequest("Bedankt", "k", reply_to=share))
    first, second = server.requests
    assert first.headers["LinkedIn-Version"] == "202411"
    assert first.headers["X-Restli-Protocol-Version"] == "2.0.0"
    body = json.loads(first.body)
    assert body["author"] == "urn:li:organization:2414183" and body["commentary"] == REQUEST.text
    assert body["lifecycleState"] == "PUBLISHED" and body["visibility"] == "PUBLIC"
    assert post.external_id == share
    assert post.url == f"https://www.linkedin.com/feed/update/{share}/"
    assert json.loads(second.body)["object"] == share
    assert answer.external_id.startswith("urn:li:comment:")


def test_linkedin_refuses_a_revoked_token_and_marks_duplicate_content() -> None:
    with played_server() as server:
        server.on(
            "/rest/posts",
            recorded("linkedin_401.json", 401),
            recorded("linkedin_422_duplicate.json", 422),
        )
        with pytest.raises(PublishError) as revoked:
            _linkedin(server).publish(REQUEST)
        with pytest.raises(PublishError) as duplicate:
            _linkedin(server).publish(REQUEST)
    assert revoked.value.status == 401 and not revoked.value.retryable
    assert "revoked" in str(revoked.value)
    assert duplicate.value.duplicate and not duplicate.value.retryable
