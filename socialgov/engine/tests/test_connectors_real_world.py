"""Connectors against what real servers send: hostile feeds, a dripping server, failing
parts of a connector, Mastodon edits. Each test names a finding of issue 19."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.sources import SourceUnavailable, build_source
from socialgov.engine.sources.base import Batch, ConnectorError, each_part
from socialgov.engine.sources.http import DeadlineExceeded
from socialgov.engine.sources.rss import FeedError, parse_feed
from socialgov.engine.tests import hostile_feeds as hostile
from socialgov.engine.tests.played_server import NOW, Reply, fixture, local_client, played_server

URL = "https://news.example/rss"


def _texts(body: bytes) -> list[str]:
    posts, _ = parse_feed(body, feed_url=URL, now=NOW)
    return [post.text for post in posts]


@pytest.mark.parametrize(
    ("encoding", "title"),
    [("big5", "摩薩保險"), ("euc-kr", "모사 보험"), ("gb2312", "摩萨保险"), ("shift_jis", "モサ")],
)
def test_a_feed_in_a_declared_multi_byte_encoding_gives_its_items(
    encoding: str, title: str
) -> None:
    assert _texts(hostile.declared(encoding, title)) == [title]


def test_a_utf16_feed_without_a_byte_order_mark_gives_its_items() -> None:
    assert _texts(hostile.utf16_without_bom("Mosa ü")) == ["Mosa ü"]


def test_a_feed_declaring_an_unknown_encoding_still_gives_its_items() -> None:
    assert _texts(hostile.bogus_encoding()) == ["Mosa"]


def test_undeclared_windows_1252_keeps_its_curly_quotes_and_accents() -> None:
    assert _texts(hostile.undeclared_windows_1252()) == ["\u201cMosa\u201d r\u00e9pond"]


def test_html_entities_in_a_feed_are_read_as_characters() -> None:
    assert _texts(hostile.html_entities()) == ["Caf\u00e9\u00a0Mosa \u00a9 2026"]


def test_whitespace_before_the_xml_declaration_does_not_lose_the_feed() -> None:
    assert _texts(hostile.whitespace_before_declaration()) == ["Mosa"]


def test_an_atom_03_feed_gives_its_entries_with_escaped_and_base64_content() -> None:
    posts, _ = parse_feed(hostile.ATOM_03, feed_url=URL, now=NOW)
    assert [p.text for p in posts] == [
        "Mosa answers late\nThree weeks without an answer",
        "Encoded body\nMosa base64 body",
    ]
    assert posts[0].created_at == dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    assert posts[0].notes == ()


def test_xhtml_content_and_media_descriptions_become_the_text() -> None:
    assert _texts(hostile.ATOM_XHTML) == ["Xhtml\nMosa leaks", "Video\nMosa video description"]


def test_an_rss_090_feed_gives_its_items() -> None:
    assert _texts(hostile.RSS_090) == ["Mosa in 1999"]


def test_named_zones_are_read_and_an_undated_item_keeps_the_fetch_time_and_says_so() -> None:
    posts, rejected = parse_feed(hostile.NAMED_ZONES, feed_url=URL, now=NOW)
    assert rejected == []
    by_title = {post.text: post for post in posts}
    assert by_title["Eastern"].created_at == dt.datetime(2026, 11, 26, 15, 0, tzinfo=dt.UTC)
    assert by_title["Summer"].created_at == dt.datetime(2026, 11, 26, 8, 0, tzinfo=dt.UTC)
    assert by_title["Undated"].created_at == NOW
    assert by_title["Undated"].notes == ("item without a date: the fetch time is used",)
    assert by_title["Garbled"].created_at == NOW
    assert "unreadable date" in by_title["Garbled"].notes[0]
    assert by_title["Creator"].raw["author"] == "Jan Peeters"


def test_two_feeds_on_one_host_keep_their_own_posts_and_authors() -> None:
    body = hostile.rss(hostile.ITEM.format(title="Same id", slug="a", extra="<guid>1</guid>"))
    first, _ = parse_feed(body.encode(), feed_url="https://medium.example/feed/a", now=NOW)
    second, _ = parse_feed(body.encode(), feed_url="https://medium.example/feed/b", now=NOW)
    assert first[0].external_id != second[0].external_id
    assert first[0].author and second[0].author
    assert first[0].author.external_id != second[0].author.external_id


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2_000))
def test_random_bytes_never_raise_anything_but_a_feed_error(body: bytes) -> None:
    with suppress(FeedError):
        parse_feed(body, feed_url=URL, now=NOW)


xml_text = st.recursive(
    st.text(alphabet="<>&;/=\"' abc?!x-:#0123456789", max_size=40),
    lambda inner: st.builds(
        lambda tag, body: f"<{tag}>{body}</{tag}>",
        st.sampled_from(["rss", "channel", "item", "title", "feed", "entry", "content", "pubDate"]),
        inner,
    ),
    max_leaves=10,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(xml_text)
def test_random_xml_never_raises_anything_but_a_feed_error(body: str) -> None:
    with suppress(FeedError):
        parse_feed(body.encode(), feed_url=URL, now=NOW)


@contextmanager
def dripping_server(*, in_headers: bool) -> Iterator[int]:
    """Answers every connection one byte every 0.2 s, forever (in the headers or the body)."""
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def drip(conn: socket.socket) -> None:
        with conn:
            conn.recv(4096)
            if not in_headers:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
            else:
                conn.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
            while not stop.is_set():
                try:
                    conn.sendall(b"a")
                except OSError:
                    return
                time.sleep(0.2)

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed at the end of the test
            threading.Thread(target=drip, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("in_headers", [False, True], ids=["body", "headers"])
def test_a_server_dripping_bytes_is_cut_off_at_the_deadline(in_headers: bool) -> None:
    client = local_client(timeout=1.0, deadline=1.5)
    with dripping_server(in_headers=in_headers) as port:
        started = time.monotonic()
        with pytest.raises(DeadlineExceeded):
            client.get(f"http://127.0.0.1:{port}/feed")
        elapsed = time.monotonic() - started
    assert elapsed < 3.0  # one attempt: a deadline is not retried


def test_one_failing_feed_does_not_keep_the_next_ones_from_being_read() -> None:
    with played_server() as server:
        server.on("/a", Reply(200, fixture("rss2.xml")))
        server.on("/b", Reply(404, b"gone"))
        server.on("/c", Reply(200, hostile.ATOM_03))
        urls = [f"{server.base}/{name}" for name in "abc"]
        batches = list(build_source("rss", {"urls": urls}, {}, local_client()).batches({}))
    assert [len(b.posts) for b in batches] == [4, 0, 2]
    assert [f.part for f in batches[1].failures] == [urls[1]]
    assert "404" in batches[1].failures[0].error
    assert set(batches[-1].cursor) == {urls[0], urls[2]}


def test_a_part_raising_any_exception_is_recorded_and_the_next_part_still_runs() -> None:
    def broken() -> Iterator[Batch]:
        raise TypeError("'NoneType' object is not subscriptable")
        yield  # pragma: no cover

    def fine() -> Iterator[Batch]:
        yield Batch([], cursor={"fine": {}})

    batches = list(each_part([("broken", broken), ("fine", fine)], dict))
    assert batches[0].failures[0].error.startswith("unexpected TypeError")
    assert batches[1].cursor == {"fine": {}}


def test_when_every_part_fails_the_connector_error_is_raised() -> None:
    def failing() -> Iterator[Batch]:
        raise SourceUnavailable("down")
        yield  # pragma: no cover

    with pytest.raises(ConnectorError, match="down"):
        list(each_part([("a", failing), ("b", failing)], dict))


TAG = "/api/v1/timelines/tag/mosa"


def test_a_failing_mastodon_timeline_does_not_stop_search_and_notifications() -> None:
    with played_server() as server:
        server.on(TAG, Reply(500, b"oops"))
        server.on("/api/v2/search", Reply.json({"statuses": []}))
        server.on("/api/v1/notifications", Reply(200, fixture("mastodon_notifications.json")))
        config = {"server": server.base, "hashtags": ["mosa"], "searches": ["mosa"]}
        source = build_source(
            "mastodon", {**config, "notifications": True}, {"access_token": "t"}, local_client()
        )
        batches = list(source.batches({}))
    assert "/api/v2/search" in server.paths() and "/api/v1/notifications" in server.paths()
    assert [f.part for b in batches for f in b.failures] == ["tag:mosa"]
    assert any(b.posts for b in batches)


def _status(status_id: str, content: str, edited_at: str | None = None) -> dict[str, object]:
    return {
        "id": status_id,
        "created_at": "2026-11-27T08:00:00.000Z",
        "edited_at": edited_at,
        "content": f"<p>{content}</p>",
        "url": f"https://mastodon.example/@a/{status_id}",
        "account": {"id": "1", "acct": "a@mastodon.example"},
    }


def test_an_edited_mastodon_status_is_passed_on_again_with_its_edit_time() -> None:
    edited = _status("110000000000000005", "Mosa fixed it", "2026-11-27T08:30:00.000Z")
    with played_server() as server:
        server.on(TAG, Reply.json([]), Reply.json([edited]), Reply.json([]), Reply.json([edited]))
        source = build_source(
            "mastodon", {"server": server.base, "hashtags": ["mosa"]}, {}, local_client()
        )
        cursor = {"tag:mosa": {"min_id": "110000000000000005"}}
        first = list(source.batches(cursor))
        again = list(source.batches(first[-1].cursor))
    posts = [p for b in first for p in b.posts]
    assert [p.text for p in posts] == ["Mosa fixed it"]
    assert posts[0].edited_at == dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.UTC)
    assert first[-1].cursor["tag:mosa"]["min_id"] == "110000000000000005"
    assert [p for b in again for p in b.posts] == []  # the same edit is not passed on twice
