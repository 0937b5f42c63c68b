"""Mastodon against recorded responses on a local server."""

from __future__ import annotations

import json

import pytest

from socialgov.engine.sources import (
    CredentialsRejected,
    SourceUnavailable,
    build_source,
)
from socialgov.engine.tests.played_server import Reply, fixture, local_client, played_server

TAG = "/api/v1/timelines/tag/mosa"


def _source(server, **config):
    return build_source(
        "mastodon",
        {"server": server.base, **config},
        {"access_token": "tok"},
        local_client(),
    )


def test_it_starts_from_the_newest_page_and_remembers_the_highest_id() -> None:
    with played_server() as server:
        server.on(TAG, Reply(200, fixture("mastodon_tag_page1.json")))
        batches = list(_source(server, hashtags=["#mosa"]).batches({}))
    assert len(batches) == 1
    assert [p.external_id for p in batches[0].posts] == [
        "110000000000000005",
        "110000000000000004",
        "110000000000000003",
    ]
    assert batches[0].cursor == {"tag:mosa": {"min_id": "110000000000000005"}}
    assert server.requests[0].headers["Authorization"] == "Bearer tok"


def test_it_walks_forward_from_the_cursor_until_an_empty_page() -> None:
    with played_server() as server:
        server.on(
            TAG,
            Reply(200, fixture("mastodon_tag_page2.json")),
            Reply.json([]),
        )
        cursor = {"tag:mosa": {"min_id": "110000000000000005"}}
        batches = list(_source(server, hashtags=["mosa"]).batches(cursor))
    assert [len(b.posts) for b in batches] == [2]
    assert batches[-1].cursor["tag:mosa"]["min_id"] == "110000000000000007"
    assert server.requests[0].query["min_id"] == ["110000000000000005"]
    assert server.requests[1].query["min_id"] == ["110000000000000007"]


def test_it_turns_status_html_into_plain_text_without_scripts_or_links() -> None:
    with played_server() as server:
        server.on(TAG, Reply(200, fixture("mastodon_tag_page1.json")))
        posts = next(iter(_source(server, hashtags=["mosa"]).batches({}))).posts
    by_id = {p.external_id: p for p in posts}
    assert by_id["110000000000000004"].text == "Goede service vandaag & snel"
    assert "<" not in by_id["110000000000000003"].text
    assert by_id["110000000000000005"].mentions == ("mosa@mastodon.social",)
    assert by_id["110000000000000005"].author is not None
    assert by_id["110000000000000005"].author.followers_count == 120
    assert by_id["110000000000000005"].author.bio == "I like insurance"


def test_it_reads_mentions_from_notifications_and_skips_follows() -> None:
    with played_server() as server:
        server.on("/api/v1/notifications", Reply(200, fixture("mastodon_notifications.json")))
        batch = next(iter(_source(server, notifications=True).batches({})))
    assert [p.kind for p in batch.posts] == ["mention"]
    assert batch.cursor == {"notifications": {"min_id": "501"}}


def test_it_reports_refused_credentials() -> None:
    with played_server() as server:
        server.on(TAG, Reply.json({"error": "The access token is invalid"}, status=401))
        with pytest.raises(CredentialsRejected):
            list(_source(server, hashtags=["mosa"]).batches({}))


def test_it_reports_malformed_json_without_moving_the_cursor() -> None:
    with played_server() as server:
        server.on(TAG, Reply(200, b'[{"id": "1", "content": '))
        with pytest.raises(SourceUnavailable, match="malformed JSON"):
            list(_source(server, hashtags=["mosa"]).batches({"tag:mosa": {"min_id": "1"}}))


def test_it_retries_429_and_500_before_reading_the_page() -> None:
    with played_server() as server:
        server.on(
            TAG,
            Reply(429, b"", {"Retry-After": "1"}),
            Reply(500, b"boom"),
            Reply(200, fixture("mastodon_tag_page1.json")),
        )
        batches = list(_source(server, hashtags=["mosa"]).batches({}))
    assert len(batches[0].posts) == 3
    assert len(server.requests) == 3


def test_it_rejects_items_without_an_id_and_keeps_the_rest() -> None:
    page = json.loads(fixture("mastodon_tag_page1.json"))
    del page[1]["id"]
    page.append("not an object")
    with played_server() as server:
        server.on(TAG, Reply.json(page))
        batch = next(iter(_source(server, hashtags=["mosa"]).batches({})))
    assert len(batch.posts) == 2
    assert len(batch.rejected) == 2


def test_it_refuses_a_configuration_without_anything_to_watch() -> None:
    from socialgov.engine.sources import InvalidConfiguration

    with pytest.raises(InvalidConfiguration):
        build_source("mastodon", {"server": "https://mastodon.social"}, {}, local_client())
