"""X API v2: search, timelines and mentions, edits, the monthly read budget and OAuth 2.0
token rotation, on recorded responses."""

from __future__ import annotations

import datetime as dt

import pytest

from socialgov.engine.sources import (
    CredentialsRejected,
    SourceUnavailable,
    build_source,
)
from socialgov.engine.sources.x import XSource, budget_meter
from socialgov.engine.tests.played_server import local_client, played_server
from socialgov.monitoring.tests.platforms import failing, ok

SEARCH = "/2/tweets/search/recent"


def _source(server, secrets=None, **config):
    base = {"api_base": server.base, "searches": ["mosa"]}
    source = build_source(
        "x", {**base, **config}, secrets or {"bearer_token": "app-bearer"}, local_client()
    )
    assert isinstance(source, XSource)
    source.now = lambda: dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    return source


def test_search_results_carry_their_authors_from_the_includes() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"))
        batch = next(iter(_source(server).batches({})))
    first = batch.posts[0]
    assert first.author is not None and first.author.handle == "claimwatcher"
    assert first.author.followers_count == 15400
    assert first.mentions == ("MosaInsurance",)
    assert first.url == "https://x.com/claimwatcher/status/1861700000000000105"
    assert server.requests[0].headers["Authorization"] == "Bearer app-bearer"
    assert server.requests[0].query["query"] == ["mosa"]


def test_an_edited_post_is_stored_under_its_first_version_so_the_edit_updates_it() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_2.json"))
        batch = next(iter(_source(server).batches({})))
    edited = batch.posts[0]
    assert edited.external_id == "1861700000000000101"
    assert edited.raw["id"] == "1861700000000000109"
    assert any("edited" in note for note in edited.notes)
    assert len(batch.rejected) == 1  # the post without text


def test_the_next_poll_asks_only_for_posts_newer_than_the_newest_seen() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"), ok("x", "empty.json"))
        source = _source(server)
        cursor = list(source.batches({}))[-1].cursor
        list(source.batches(cursor))
    assert server.requests[1].query["since_id"] == ["1861700000000000105"]


def test_timelines_and_mentions_of_own_accounts_are_read_with_their_kinds() -> None:
    with played_server() as server:
        server.on("/2/users/2001/tweets", ok("x", "user_tweets.json"))
        server.on("/2/users/2001/mentions", ok("x", "user_mentions.json"))
        source = _source(server, searches=[], user_ids=["2001"])
        posts = [post for batch in source.batches({}) for post in batch.posts]
    assert [(p.kind, p.external_id) for p in posts] == [
        ("own_post", "1861700000000000200"),
        ("mention", "1861700000000000300"),
    ]
    assert posts[1].reply_to_id == "1861700000000000200"


def test_every_post_read_is_counted_against_the_monthly_budget() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"), ok("x", "search_page_2.json"))
        source = _source(server, monthly_read_budget=500)
        cursor = {"search:mosa": {"watermark": "00000000000000000001"}}
        batches = list(source.batches(cursor))
    meter = batches[-1].cursor["_budget"]
    assert meter == {"month": "2026-11", "read": 4}
    assert (
        budget_meter(
            batches[-1].cursor,
            {"monthly_read_budget": 500},
            dt.datetime(2026, 11, 30, tzinfo=dt.UTC),
        )["percent"]
        == 1
    )


def test_pages_shrink_to_what_is_left_of_the_budget() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"))
        cursor = {"_budget": {"month": "2026-11", "read": 970}}
        list(_source(server, monthly_read_budget=1000).batches(cursor))
    assert server.requests[0].query["max_results"] == ["30"]


def test_a_spent_budget_stops_reading_before_any_paid_call() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"))
        cursor = {"_budget": {"month": "2026-11", "read": 1000}}
        with pytest.raises(SourceUnavailable, match="budget"):
            list(_source(server, monthly_read_budget=1000).batches(cursor))
    assert server.requests == []


def test_a_new_month_starts_a_new_budget() -> None:
    with played_server() as server:
        server.on(SEARCH, ok("x", "search_page_1.json"))
        cursor = {"_budget": {"month": "2026-10", "read": 1000}}
        batches = list(_source(server, monthly_read_budget=1000).batches(cursor))
    assert batches[-1].cursor["_budget"] == {"month": "2026-11", "read": 2}


def test_an_expired_user_token_is_renewed_and_the_rotated_refresh_token_handed_back() -> None:
    secrets = {"access_token": "old", "refresh_token": "r1", "client_id": "cid"}
    with played_server() as server:
        server.on(
            "/2/users/2001/tweets",
            failing("x", "error_unauthorized.json", 401),
            ok("x", "user_tweets.json"),
        )
        server.on("/2/oauth2/token", ok("x", "token_refreshed.json"))
        source = _source(server, secrets, searches=[], user_ids=["2001"], mentions=False)
        posts = [p for b in source.batches({}) for p in b.posts]
    assert len(posts) == 1
    token_call = next(s for s in server.requests if s.path == "/2/oauth2/token")
    assert b"grant_type=refresh_token" in token_call.body and b"refresh_token=r1" in token_call.body
    assert server.requests[-1].headers["Authorization"] == "Bearer x-access-new"
    assert source.renewed_secrets == {
        "access_token": "x-access-new",
        "refresh_token": "x-refresh-rotated",
    }


def test_a_refused_refresh_tells_the_owner_to_reconnect() -> None:
    secrets = {"access_token": "old", "refresh_token": "r1", "client_id": "cid"}
    with played_server() as server:
        server.on(SEARCH, failing("x", "error_unauthorized.json", 401))
        server.on("/2/oauth2/token", failing("x", "error_unauthorized.json", 400))
        with pytest.raises(CredentialsRejected, match="developer portal"):
            list(_source(server, secrets).batches({}))


def test_an_app_outside_a_project_is_told_why() -> None:
    with played_server() as server:
        server.on(SEARCH, failing("x", "error_client_forbidden.json", 403))
        with pytest.raises(CredentialsRejected, match="client-not-enrolled"):
            list(_source(server).batches({}))


def test_direct_messages_are_read_with_a_user_token_and_count_against_the_budget() -> None:
    with played_server() as server:
        server.on("/2/dm_events", ok("x", "dm_events.json"))
        source = _source(server, {"access_token": "user-token"}, searches=[], direct_messages=True)
        batches = list(source.batches({}))
    posts = [p for b in batches for p in b.posts]
    assert [(p.kind, p.external_id) for p in posts] == [
        ("direct_message", "dm:1861700000000000400")
    ]
    assert posts[0].author is not None and posts[0].author.handle == "policyholder_be"
    assert server.requests[0].query["event_types"] == ["MessageCreate"]
    assert "since_id" not in server.requests[0].query
    assert batches[-1].cursor["_budget"]["read"] == 2
