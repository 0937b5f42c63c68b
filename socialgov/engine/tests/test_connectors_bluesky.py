"""Bluesky XRPC search and author feeds, and Jetstream, against recorded data."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from socialgov.engine.sources import SourceUnavailable, build_source
from socialgov.engine.sources.bluesky import event_to_post
from socialgov.engine.tests.played_server import (
    FIXTURES,
    NOW,
    Reply,
    fixture,
    local_client,
    played_server,
)

SEARCH = "/xrpc/app.bsky.feed.searchPosts"
FEED = "/xrpc/app.bsky.feed.getAuthorFeed"


def _search(server, **config):
    return build_source(
        "bluesky", {"service": server.base, "searches": ["mosa"], **config}, {}, local_client()
    )


def test_a_first_poll_takes_the_newest_page_and_sets_the_watermark() -> None:
    with played_server() as server:
        server.on(SEARCH, Reply(200, fixture("bluesky_search_page1.json")))
        batches = list(_search(server).batches({}))
    assert len(batches) == 1
    assert batches[0].cursor == {"search:mosa": {"watermark": "2026-11-27T08:05:00+00:00"}}
    post = batches[0].posts[0]
    assert post.external_id == "at://did:plc:aaa/app.bsky.feed.post/3kb5"
    assert post.url == "https://bsky.app/profile/alice.bsky.social/post/3kb5"


def test_it_pages_back_to_the_watermark_and_skips_duplicates_across_pages() -> None:
    with played_server() as server:
        server.on(
            SEARCH,
            Reply(200, fixture("bluesky_search_page1.json")),
            Reply(200, fixture("bluesky_search_page2.json")),
            Reply(200, fixture("bluesky_search_page3.json")),
        )
        cursor = {"search:mosa": {"watermark": "2026-11-27T07:30:00+00:00"}}
        batches = list(_search(server).batches(cursor))
    assert len(batches) == 3
    ids = [p.external_id for b in batches for p in b.posts]
    assert "at://did:plc:ddd/app.bsky.feed.post/3kb2" not in ids  # older than the watermark
    assert len(set(ids)) == 3
    assert batches[0].cursor["search:mosa"]["walk"]["cursor"] == "c-page2"
    assert batches[-1].cursor == {"search:mosa": {"watermark": "2026-11-27T08:05:00+00:00"}}
    assert server.requests[1].query["cursor"] == ["c-page2"]


def test_a_walk_interrupted_by_a_crash_resumes_from_its_page_cursor() -> None:
    with played_server() as server:
        server.on(SEARCH, Reply(200, fixture("bluesky_search_page3.json")))
        cursor = {
            "search:mosa": {
                "watermark": "2026-11-27T06:00:00+00:00",
                "walk": {"cursor": "c-page3", "newest": "2026-11-27T08:05:00+00:00"},
            }
        }
        batches = list(_search(server).batches(cursor))
    assert server.requests[0].query["cursor"] == ["c-page3"]
    assert batches[-1].cursor == {"search:mosa": {"watermark": "2026-11-27T08:05:00+00:00"}}


def test_a_truncated_page_is_an_error_and_the_cursor_does_not_move() -> None:
    with played_server() as server:
        server.on(SEARCH, Reply(200, fixture("bluesky_search_page1.json")[:200]))
        with pytest.raises(SourceUnavailable):
            list(_search(server).batches({}))


def test_an_author_feed_links_replies_to_their_parent() -> None:
    with played_server() as server:
        server.on(FEED, Reply(200, fixture("bluesky_author_feed.json")))
        source = build_source(
            "bluesky", {"service": server.base, "actors": ["mosa.be"]}, {}, local_client()
        )
        posts = next(iter(source.batches({}))).posts
    assert posts[1].reply_to_id == "at://did:plc:mosa/app.bsky.feed.post/3own1"
    assert posts[0].language == "nl"


def test_it_signs_in_with_an_app_password_when_given_one() -> None:
    with played_server() as server:
        server.on(
            "/xrpc/com.atproto.server.createSession",
            Reply.json({"accessJwt": "jwt-1", "did": "did:plc:me"}),
        )
        server.on(SEARCH, Reply(200, fixture("bluesky_search_page1.json")))
        source = build_source(
            "bluesky",
            {"service": server.base, "searches": ["mosa"]},
            {"identifier": "me.bsky.social", "app_password": "abcd-efgh"},
            local_client(),
        )
        list(source.batches({}))
    assert server.requests[1].headers["Authorization"] == "Bearer jwt-1"


def _events() -> list[str]:
    return (FIXTURES / "jetstream_events.jsonl").read_text().splitlines()


def test_a_jetstream_commit_becomes_a_post_a_delete_a_tombstone_and_other_events_nothing() -> None:
    import json

    parsed = [json.loads(line) for line in _events()[:6]]
    posts = [event_to_post(event, now=NOW) for event in parsed]
    assert posts[0] is not None and posts[0].external_id == "at://did:plc:aaa/app.bsky.feed.post/j1"
    assert posts[2] is None  # identity event
    deleted = posts[4]  # a delete carries only the key of the post it removes
    assert deleted is not None and deleted.deleted and deleted.text == ""
    assert deleted.external_id == "at://did:plc:aaa/app.bsky.feed.post/j1"
    assert posts[5] is None  # a like, not a post


@contextmanager
def jetstream_server(messages: list[str]) -> Iterator[tuple[str, list[str]]]:
    from websockets.asyncio.server import serve

    paths: list[str] = []
    ready = threading.Event()
    stop: dict[str, object] = {}
    port: list[int] = []

    async def handler(connection):
        paths.append(connection.request.path)
        for message in messages:
            await connection.send(message)
        await asyncio.sleep(5)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        finished = loop.create_future()
        stop["future"], stop["loop"] = finished, loop
        async with serve(handler, "127.0.0.1", 0) as server:
            port.append(server.sockets[0].getsockname()[1])
            ready.set()
            await finished

    thread = threading.Thread(target=asyncio.run, args=(main(),), daemon=True)
    thread.start()
    ready.wait(5)
    try:
        yield f"ws://127.0.0.1:{port[0]}", paths
    finally:
        loop = stop["loop"]
        future = stop["future"]
        loop.call_soon_threadsafe(future.set_result, None)  # type: ignore[attr-defined]
        thread.join(5)


def test_jetstream_keeps_posts_from_watched_accounts_and_keywords_and_stores_time_us() -> None:
    with jetstream_server(_events()) as (endpoint, paths):
        source = build_source(
            "bluesky_jetstream",
            {
                "endpoint": endpoint,
                "dids": ["did:plc:mosa"],
                "keywords": ["Mosa"],
                "max_seconds": 1,
            },
            {},
            local_client(),
        )
        batches = list(source.batches({"time_us": 1764229999000000}))
    texts = [p.text for b in batches for p in b.posts if not p.deleted]
    assert texts == ["Mosa verzekeringen is top", "Our own announcement"]
    deleted = [p.external_id for b in batches for p in b.posts if p.deleted]
    assert deleted == ["at://did:plc:aaa/app.bsky.feed.post/j1"]
    assert batches[-1].cursor == {"time_us": 1764230000000006}
    assert any(r.reason == "malformed JSON event" for b in batches for r in b.rejected)
    assert "cursor=1764229997000000" in paths[0]


def test_jetstream_refuses_an_endpoint_on_an_internal_address() -> None:
    from socialgov.engine.sources import InvalidConfiguration
    from socialgov.engine.sources.http import HttpClient

    source = build_source(
        "bluesky_jetstream", {"endpoint": "ws://127.0.0.1:9", "keywords": ["x"]}, {}, HttpClient()
    )
    with pytest.raises(InvalidConfiguration):
        list(source.batches({}))
