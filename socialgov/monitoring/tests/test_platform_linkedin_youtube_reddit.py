"""LinkedIn (versioned API, comments, token refresh), YouTube (quota, comments, search, API
key) and Reddit (OAuth, user agent, listings, rate-limit headers) on recorded responses."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from socialgov.engine.sources import (
    InvalidConfiguration,
    SourceUnavailable,
    build_source,
)
from socialgov.engine.sources.youtube import YouTubeSource, quota_meter
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring.tests.platforms import failing, ok

ORG = "urn:li:organization:5515715"
COMMENTS = "/rest/socialActions/urn%3Ali%3Ashare%3A7267000000000000003/comments"


def _linkedin(server, secrets=None, **config):
    base = {"api_base": server.base, "oauth_base": server.base, "organizations": ["5515715"]}
    return build_source(
        "linkedin", {**base, **config}, secrets or {"access_token": "li"}, local_client()
    )


def test_linkedin_calls_name_the_api_version_and_the_restli_protocol() -> None:
    with played_server() as server:
        server.on("/rest/posts", ok("linkedin", "posts_page_1.json"))
        list(_linkedin(server, comments=False, api_version="202410").batches({}))
    headers = server.requests[0].headers
    assert headers["LinkedIn-Version"] == "202410"
    assert headers["X-Restli-Protocol-Version"] == "2.0.0"
    assert server.requests[0].query["author"] == [ORG]
    assert server.requests[0].query["sortBy"] == ["LAST_MODIFIED"]


def test_a_retired_linkedin_version_is_a_configuration_problem() -> None:
    with played_server() as server:
        server.on("/rest/posts", failing("linkedin", "error_version.json", 426))
        with pytest.raises(InvalidConfiguration, match="version"):
            list(_linkedin(server).batches({}))


@pytest.mark.parametrize("version", ["2024", "202413", "v202411", "latest"])
def test_a_malformed_linkedin_version_is_refused(version: str) -> None:
    with pytest.raises(InvalidConfiguration):
        build_source(
            "linkedin", {"organizations": ["1"], "api_version": version}, {}, local_client()
        )


def test_linkedin_posts_and_the_comments_on_the_newest_posts_are_read() -> None:
    with played_server() as server:
        server.on("/rest/posts", ok("linkedin", "posts_page_1.json"))
        server.on(COMMENTS, ok("linkedin", "comments.json"))
        server.on(
            "/rest/socialActions/urn%3Ali%3AugcPost%3A7267000000000000002/comments",
            Reply.json({"paging": {"start": 0, "count": 10, "total": 0}, "elements": []}),
        )
        posts = [p for b in _linkedin(server).batches({}) for p in b.posts]
    own = [p for p in posts if p.kind == "own_post"]
    comments = [p for p in posts if p.kind == "comment"]
    assert len(own) == 2 and len(comments) == 2
    assert comments[0].reply_to_id == "urn:li:share:7267000000000000003"
    assert comments[0].author is not None
    assert comments[0].author.external_id == "urn:li:person:Ab1Cd2Ef3"
    assert "edited on the platform" in own[0].notes


def test_an_expired_linkedin_token_is_refreshed_once() -> None:
    secrets = {"access_token": "old", "refresh_token": "r", "client_id": "c", "client_secret": "s"}
    with played_server() as server:
        server.on(
            "/rest/posts",
            failing("linkedin", "error_expired.json", 401),
            ok("linkedin", "posts_page_1.json"),
        )
        server.on("/oauth/v2/accessToken", ok("linkedin", "token_refreshed.json"))
        source = _linkedin(server, secrets, comments=False)
        posts = [p for b in source.batches({}) for p in b.posts]
    assert len(posts) == 2
    # The refresh token LinkedIn returns is kept, as for every platform whose tokens rotate.
    assert source.renewed_secrets == {
        "access_token": "li-access-new",
        "refresh_token": "li-refresh",
    }


CHANNEL = "UCmosa1234567890abcdefgh"


def _youtube(server, secrets=None, **config):
    base = {"api_base": server.base, "oauth_base": server.base, "channel_ids": [CHANNEL]}
    source = build_source(
        "youtube", {**base, **config}, secrets or {"api_key": "AIza"}, local_client()
    )
    assert isinstance(source, YouTubeSource)
    source.now = lambda: dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    return source


def test_youtube_reads_uploads_comment_threads_with_replies_and_counts_quota() -> None:
    with played_server() as server:
        server.on("/youtube/v3/playlistItems", ok("youtube", "uploads.json"))
        server.on("/youtube/v3/commentThreads", ok("youtube", "threads_page_1.json"))
        batches = list(_youtube(server).batches({}))
    posts = [p for b in batches for p in b.posts]
    assert posts[0].kind == "own_post" and posts[0].external_id == "dQW4w9WgXcQ"
    reply = next(p for p in posts if p.external_id == "UgzThread0002.reply1")
    assert reply.reply_to_id == "UgzThread0002"
    assert server.requests[0].query["playlistId"] == ["UUmosa1234567890abcdefgh"]
    assert server.requests[0].headers["X-Goog-Api-Key"] == "AIza"
    assert batches[-1].cursor["_quota"] == {"day": "2026-11-27", "used": 2}


def test_youtube_search_costs_100_units_and_a_spent_quota_stops_before_calling() -> None:
    cursor = {"_quota": {"day": "2026-11-27", "used": 9950}}
    with played_server() as server:
        server.on("/youtube/v3/search", ok("youtube", "search.json"))
        source = _youtube(server, channel_ids=[], searches=["mosa"])
        with pytest.raises(SourceUnavailable, match="quota"):
            list(source.batches(cursor))
    assert server.requests == []
    meter = quota_meter(
        cursor, {"daily_quota": 10_000}, dt.datetime(2026, 11, 27, 12, tzinfo=dt.UTC)
    )
    assert meter["percent"] == 100


def test_youtube_search_results_are_mentions() -> None:
    with played_server() as server:
        server.on("/youtube/v3/search", ok("youtube", "search.json"))
        posts = [
            p
            for b in _youtube(server, channel_ids=[], searches=["mosa"]).batches({})
            for p in b.posts
        ]
    assert [(p.kind, p.external_id) for p in posts] == [("mention", "zzRev1ew001")]
    assert posts[0].text.startswith("Mosa insurance review")


def test_youtube_quota_exceeded_waits_until_midnight_pacific() -> None:
    with played_server() as server:
        server.on("/youtube/v3/playlistItems", failing("youtube", "error_quota.json", 403))
        with pytest.raises(SourceUnavailable, match="resets in"):
            list(_youtube(server, comments=False).batches({}))


def test_youtube_oauth_tokens_are_refreshed_from_google() -> None:
    secrets = {"refresh_token": "r", "client_id": "c", "client_secret": "s"}
    with played_server() as server:
        server.on("/token", ok("youtube", "token_refreshed.json"))
        server.on("/youtube/v3/playlistItems", ok("youtube", "uploads.json"))
        list(_youtube(server, secrets, comments=False).batches({}))
    assert server.requests[1].headers["Authorization"] == "Bearer ya29.new-token"


def _reddit(server, **config):
    base = {
        "api_base": server.base,
        "auth_base": server.base,
        "subreddits": ["r/belgium"],
        "user_agent": "web:socialgov-mosa:1.0 (by /u/mosa)",
    }
    return build_source(
        "reddit", {**base, **config}, {"client_id": "cid", "client_secret": "sec"}, local_client()
    )


def test_reddit_gets_an_app_token_with_basic_auth_and_sends_its_user_agent() -> None:
    with played_server() as server:
        server.on("/api/v1/access_token", ok("reddit", "token.json"))
        server.on("/r/belgium/new", ok("reddit", "new_page_1.json"))
        server.on("/r/belgium/comments", ok("reddit", "comments.json"))
        posts = [p for b in _reddit(server).batches({}) for p in b.posts]
    token_call = server.requests[0]
    assert token_call.headers["Authorization"].startswith("Basic ")
    assert b"grant_type=client_credentials" in token_call.body
    listing = server.requests[1]
    assert listing.headers["User-Agent"] == "web:socialgov-mosa:1.0 (by /u/mosa)"
    assert listing.headers["Authorization"].startswith("Bearer eyJ")
    comment = next(p for p in posts if p.external_id == "t1_lzz0001")
    assert comment.reply_to_id == "t3_1h0abc3" and comment.channel_handle == "r/belgium"
    edited = next(p for p in posts if p.external_id == "t3_1h0abc2")
    assert "edited on the platform" in edited.notes


def test_reddit_skips_deleted_authors_and_rejects_unknown_item_kinds() -> None:
    with played_server() as server:
        server.on("/api/v1/access_token", ok("reddit", "token.json"))
        server.on("/r/belgium/new", ok("reddit", "new_page_2.json"))
        batch = next(iter(_reddit(server, comments=False).batches({})))
    assert batch.posts[0].author is None
    assert "t5" in batch.rejected[0].reason


def test_reddit_requires_a_user_agent() -> None:
    with pytest.raises(InvalidConfiguration, match="user_agent"):
        build_source("reddit", {"subreddits": ["belgium"]}, {}, local_client())


def test_reddits_fractional_remaining_header_makes_the_client_wait_for_the_reset() -> None:
    with played_server() as server:
        server.on("/api/v1/access_token", ok("reddit", "token.json"))
        spent = {
            "x-ratelimit-remaining": "0.0",
            "x-ratelimit-used": "100",
            "x-ratelimit-reset": "3",
        }
        server.on("/r/belgium/new", ok("reddit", "new_page_1.json", **spent))
        server.on("/r/belgium/comments", ok("reddit", "comments.json"))
        client = local_client()
        source = build_source(
            "reddit",
            {
                "api_base": server.base,
                "auth_base": server.base,
                "subreddits": ["belgium"],
                "user_agent": "ua",
            },
            {"client_id": "cid", "client_secret": "sec"},
            client,
        )
        started = time.time()
        list(source.batches({}))
    assert any(2 <= slept <= 3.5 for slept in client.sleeps)  # type: ignore[attr-defined]
    assert time.time() - started < 3  # the test client records sleeps instead of sleeping
