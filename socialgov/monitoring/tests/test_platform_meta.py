"""Meta Graph API: Page posts, comments and ratings, Instagram media, comments and tags, the
usage headers, webhooks and comment moderation, on recorded responses."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgov.engine.sources import ConnectorError, SourceUnavailable, build_source
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.meta import webhooks
from socialgov.engine.sources.meta.moderation import ModerationAction, moderate_comment
from socialgov.engine.sources.meta.source import MetaSource, appsecret_proof
from socialgov.engine.tests.played_server import NOW, Reply, local_client, played_server
from socialgov.monitoring.tests.platforms import ok, recorded

FEED = "/v21.0/104857600001/feed"
SECRETS = {"access_token": "page-token", "app_secret": "app-secret"}


def _source(server, **config):
    base = {"api_base": server.base, "pages": ["104857600001"], "ratings": False}
    return build_source("meta", {**base, **config}, dict(SECRETS), local_client())


def test_page_posts_come_with_their_comments_as_replies() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json"))
        posts = next(iter(_source(server).batches({}))).posts
    by_id = {post.external_id: post for post in posts}
    own = by_id["104857600001_900000000000003"]
    comment = by_id["900000000000003_700000000000012"]
    assert own.kind == "own_post" and own.likes_count == 57 and own.reposts_count == 4
    assert comment.kind == "comment"
    assert comment.reply_to_id == "104857600001_900000000000003"
    assert comment.author is not None and comment.author.display_name == "Jan Peeters"
    assert "edited on the platform" in by_id["104857600001_900000000000002"].notes


def test_every_call_carries_the_appsecret_proof_and_the_token_in_a_header() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json"))
        list(_source(server).batches({}))
    seen = server.requests[0]
    assert seen.headers["Authorization"] == "Bearer page-token"
    assert seen.query["appsecret_proof"] == [appsecret_proof("app-secret", "page-token")]
    assert "access_token" not in seen.query  # never in a URL that ends up in logs


def test_ratings_and_instagram_media_comments_and_tags_are_read() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_2.json"))
        server.on("/v21.0/104857600001/ratings", ok("meta", "page_ratings.json"))
        server.on("/v21.0/17841400000000001/media", ok("meta", "ig_media.json"))
        server.on("/v21.0/17841400000000001/tags", ok("meta", "ig_tags.json"))
        source = _source(server, ratings=True, instagram_accounts=["17841400000000001"])
        posts = [post for batch in source.batches({}) for post in batch.posts]
    kinds = {(post.platform, post.kind) for post in posts}
    assert ("facebook", "mention") in kinds  # the rating
    assert ("instagram", "own_post") in kinds
    assert ("instagram", "comment") in kinds
    tagged = next(p for p in posts if p.external_id == "17900000000000555")
    assert tagged.kind == "mention" and tagged.author is not None
    assert tagged.author.handle == "angry_customer_be"
    rating = next(p for p in posts if p.external_id.startswith("rating:"))
    assert rating.text.startswith("[negative]")


def test_a_broken_item_is_rejected_and_the_rest_of_the_page_kept() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_2.json"))
        batch = next(iter(_source(server).batches({})))
    assert [p.external_id for p in batch.posts] == ["104857600001_900000000000001"]
    assert len(batch.rejected) == 1


def test_polling_pauses_when_the_app_usage_header_nears_its_budget() -> None:
    usage = json.dumps({"call_count": 96, "total_cputime": 10, "total_time": 12})
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json", **{"X-App-Usage": usage}))
        source = _source(server)
        cursor = {"page:104857600001": {"watermark": "2000-01-01T00:00:00+00:00"}}
        with pytest.raises(SourceUnavailable, match="96%"):
            list(source.batches(cursor))
    assert len(server.requests) == 1


def test_the_webhook_handshake_echoes_the_challenge_only_for_our_verify_token() -> None:
    params = {"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "1158201444"}
    assert webhooks.verify_challenge(params, "vt") == "1158201444"
    with pytest.raises(webhooks.SignatureError):
        webhooks.verify_challenge({**params, "hub.verify_token": "guess"}, "vt")
    with pytest.raises(webhooks.SignatureError):
        webhooks.verify_challenge(params, "")


def test_a_signed_notification_is_accepted_and_a_tampered_one_refused() -> None:
    body = recorded("meta", "webhook_page_comment.json")
    webhooks.verify("app-secret", body, webhooks.sign("app-secret", body))
    for header in ("", "sha1=abc", webhooks.sign("other", body), webhooks.sign("app-secret", b"x")):
        with pytest.raises(webhooks.SignatureError):
            webhooks.verify("app-secret", body, header)


def test_a_page_notification_yields_the_comment_and_skips_reactions() -> None:
    posts, rejected = webhooks.parse_notification(
        recorded("meta", "webhook_page_comment.json"), now=NOW
    )
    assert [p.external_id for p in posts] == ["900000000000003_700000000000020"]
    assert posts[0].kind == "comment"
    assert posts[0].reply_to_id == "104857600001_900000000000003"
    assert "BE71" in posts[0].text
    assert len(rejected) == 1 and "reaction" not in posts[0].text


def test_an_instagram_notification_yields_comments_and_leaves_mentions_to_the_poll() -> None:
    posts, rejected = webhooks.parse_notification(
        recorded("meta", "webhook_instagram_comment.json"), now=NOW
    )
    assert [(p.platform, p.kind) for p in posts] == [("instagram", "comment")]
    assert posts[0].author is not None and posts[0].author.handle == "fake_mosa_support"
    assert "mentions" in rejected[0].reason


@given(st.binary(max_size=300))
def test_any_body_either_parses_or_is_refused_with_a_reason(body: bytes) -> None:
    try:
        posts, rejected = webhooks.parse_notification(body, now=NOW)
    except InvalidItem as error:
        assert str(error)
    else:
        assert isinstance(posts, list) and isinstance(rejected, list)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    )
)
def test_fields_of_the_wrong_type_never_crash_the_parser(value: object) -> None:
    body = json.dumps(
        {
            "object": "page",
            "entry": [
                {
                    "changes": [
                        {
                            "field": "feed",
                            "value": {
                                "item": "comment",
                                "verb": "add",
                                "comment_id": value,
                                "message": value,
                                "created_time": value,
                                "from": value,
                                "parent_id": value,
                            },
                        }
                    ]
                }
            ],
        }
    ).encode()
    posts, rejected = webhooks.parse_notification(body, now=NOW)
    assert len(posts) + len(rejected) == 1


def _meta(server) -> MetaSource:
    source = _source(server)
    assert isinstance(source, MetaSource)
    return source


def test_hiding_a_facebook_comment_posts_is_hidden_to_the_comment() -> None:
    with played_server() as server:
        server.on("/v21.0/900000000000003_700000000000012", Reply.json({"success": True}))
        moderate_comment(
            _meta(server),
            platform="facebook",
            comment_id="900000000000003_700000000000012",
            action=ModerationAction.HIDE,
        )
    seen = server.requests[0]
    assert seen.method == "POST" and seen.query["is_hidden"] == ["true"]


def test_hiding_an_instagram_comment_uses_its_hide_field_and_delete_uses_delete() -> None:
    with played_server() as server:
        server.on("/v21.0/17800000000000299", Reply.json({"success": True}))
        source = _meta(server)
        moderate_comment(
            source,
            platform="instagram",
            comment_id="17800000000000299",
            action=ModerationAction.HIDE,
        )
        moderate_comment(
            source,
            platform="instagram",
            comment_id="17800000000000299",
            action=ModerationAction.DELETE,
        )
    assert server.requests[0].method == "POST"
    assert server.requests[0].query["hide"] == ["true"]
    assert server.requests[1].method == "DELETE"


def test_a_refused_moderation_is_an_error_not_a_silent_success() -> None:
    with played_server() as server:
        server.on(
            "/v21.0/900000000000003_700000000000012",
            Reply(403, recorded("meta", "error_permission.json")),
        )
        with pytest.raises(ConnectorError):
            moderate_comment(
                _meta(server),
                platform="facebook",
                comment_id="900000000000003_700000000000012",
                action=ModerationAction.DELETE,
            )
    with pytest.raises(ConnectorError):
        moderate_comment(_meta(server), platform="x", comment_id="1", action=ModerationAction.HIDE)


def test_times_are_read_in_utc() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json"))
        posts = next(iter(_source(server).batches({}))).posts
    assert posts[0].created_at == dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)


def test_page_conversations_are_read_as_direct_messages_when_asked_for() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_2.json"))
        server.on("/v21.0/104857600001/conversations", ok("meta", "conversations.json"))
        posts = [p for b in _source(server, direct_messages=True).batches({}) for p in b.posts]
    messages = [p for p in posts if p.kind == "direct_message"]
    assert len(messages) == 4  # two messages, once for Messenger and once for Instagram
    platforms = [s.query["platform"] for s in server.requests if "conversations" in s.path]
    assert platforms == [["messenger"], ["instagram"]]
    customer = next(p for p in messages if p.external_id == "m_AbCdEf0000000000002")
    assert customer.author is not None and customer.author.display_name == "Bart Lemmens"


def test_conversations_are_not_read_unless_configured() -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_2.json"))
        list(_source(server).batches({}))
    assert not any("conversations" in seen.path for seen in server.requests)


def test_entries_for_accounts_the_connector_does_not_watch_are_skipped() -> None:
    body = recorded("meta", "webhook_page_comment.json")
    posts, rejected = webhooks.parse_notification(body, now=NOW, accounts={"999"})
    assert posts == [] and "does not watch" in rejected[0].reason
    posts, _ = webhooks.parse_notification(body, now=NOW, accounts={"104857600001"})
    assert len(posts) == 1
