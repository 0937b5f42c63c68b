"""Random JSON never raises out of the Mastodon and Bluesky sources as anything but their own
error: an item they cannot read is an InvalidItem (rejected, the batch goes on), a page they
cannot read is a connector error, and nothing "unexpected" reaches the health log.

Plain random JSON rarely gets past the first `isinstance` check, so the trees are also drawn
with the platforms' own field names, and real payload shapes get one field replaced at random.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import suppress
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.sources import ConnectorError, build_source
from socialgov.engine.sources.bluesky.jetstream import event_to_post
from socialgov.engine.sources.bluesky.profiles import identity_author, profile_author
from socialgov.engine.sources.bluesky.xrpc import post_view_to_post
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.mastodon.source import status_to_post
from socialgov.engine.tests.played_server import NOW, Reply, fixture, local_client, played_server

FIELDS = [
    *("id", "uri", "url", "created_at", "content", "spoiler_text", "visibility", "language"),
    *("account", "acct", "username", "display_name", "note", "followers_count", "reblog"),
    *("in_reply_to_id", "mentions", "media_attachments", "description", "type", "poll"),
    *("options", "title", "quote", "quoted_status", "state", "edited_at", "status", "tags"),
    *("kind", "did", "time_us", "commit", "operation", "collection", "rkey", "record", "cid"),
    *("text", "createdAt", "langs", "facets", "features", "index", "byteStart", "byteEnd"),
    *("$type", "embed", "external", "images", "alt", "reply", "parent", "root", "identity"),
    *("handle", "author", "displayName", "avatar", "indexedAt", "likeCount", "posts", "feed"),
]
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["2026-11-27T08:10:00Z", "at://did:plc:a/app.bsky.feed.post/1", "did:plc:a"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=25,
)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _paths(inner, (*prefix, index))


def _replaced(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = json.loads(json.dumps(value))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copy


@st.composite
def mutated(draw: st.DrawFn, base: Any) -> Any:
    """`base` with one of its values, at any depth, replaced by random JSON."""
    path = draw(st.sampled_from(list(_paths(base))))
    return _replaced(base, path, draw(json_values))


STATUS = json.loads(fixture("mastodon_tag_page1.json"))[0]
NOTIFICATION = json.loads(fixture("mastodon_notifications.json"))[0]
POST_VIEW = json.loads(fixture("bluesky_search_page1.json"))["posts"][0]
EVENTS = [json.loads(line) for line in fixture("jetstream_events.jsonl").decode().splitlines()[:5]]


def _only_invalid_items(parse: Any, value: Any) -> None:
    with suppress(InvalidItem):
        parse(value)


@PROPERTY
@given(json_values | mutated(STATUS) | mutated(NOTIFICATION["status"]))
def test_random_json_as_a_mastodon_status_raises_only_an_invalid_item(value: Any) -> None:
    _only_invalid_items(lambda v: status_to_post(v, now=NOW), value)


@PROPERTY
@given(json_values | mutated(POST_VIEW))
def test_random_json_as_a_bluesky_post_view_raises_only_an_invalid_item(value: Any) -> None:
    _only_invalid_items(lambda v: post_view_to_post(v, now=NOW), value)


@PROPERTY
@given(json_values | st.one_of(*(mutated(event) for event in EVENTS)))
def test_random_json_as_a_jetstream_event_raises_only_an_invalid_item(value: Any) -> None:
    _only_invalid_items(lambda v: event_to_post(v, now=NOW), value)
    if isinstance(value, dict):
        identity_author(value)  # an unreadable identity event is None, never an error
    _only_invalid_items(lambda v: profile_author(v, now=NOW), value)


@pytest.fixture(scope="module")
def server() -> Iterator[Any]:
    with played_server() as played:
        yield played


def _poll(kind: str, config: dict[str, Any]) -> None:
    """Every batch a source yields for this page: only connector errors, and no part failure
    that names an exception other than the source's own."""
    source = build_source(kind, config, {}, local_client())
    with suppress(ConnectorError):
        for batch in source.batches({}):
            for failure in batch.failures:
                assert not failure.error.startswith("unexpected"), failure.error


@PROPERTY
@given(
    st.lists(json_values | mutated(STATUS), max_size=4)
    | json_values
    | st.lists(mutated(NOTIFICATION), max_size=3)
)
def test_a_random_json_mastodon_page_gives_only_connector_errors(server: Any, page: Any) -> None:
    for path in ("/api/v1/timelines/tag/mosa", "/api/v1/notifications"):
        server.on(path, Reply.json(page))
    _poll("mastodon", {"server": server.base, "hashtags": ["mosa"], "notifications": True})


@PROPERTY
@given(
    st.fixed_dictionaries({"posts": st.lists(json_values | mutated(POST_VIEW), max_size=4)})
    | json_values
)
def test_a_random_json_bluesky_page_gives_only_connector_errors(server: Any, page: Any) -> None:
    server.on("/xrpc/app.bsky.feed.searchPosts", Reply.json(page))
    _poll("bluesky", {"service": server.base, "searches": ["mosa"]})
