"""RSS/Atom feeds, JSONL/CSV import and signed webhook pushes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from socialgov.engine.sources import (
    InvalidConfiguration,
    SourceUnavailable,
    build_source,
)
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.http import HttpClient
from socialgov.engine.sources.rss import FeedError, parse_feed
from socialgov.engine.sources.webhook import (
    SignatureError,
    parse_push,
    sign,
    verify_signature,
)
from socialgov.engine.tests.played_server import NOW, Reply, fixture, local_client, played_server


def test_an_rss_feed_gives_plain_text_posts_with_absolute_links() -> None:
    posts, rejected = parse_feed(fixture("rss2.xml"), feed_url="https://news.example/rss", now=NOW)
    assert rejected == []
    first = posts[0]
    assert first.external_id == "news.example/rss|news-123"  # keyed per feed, not per host
    assert (
        first.text
        == "Verzekeraar Mosa onder vuur na datalek\nKlanten van Mosa klagen over een lek."
    )
    assert first.created_at == dt.datetime(2026, 11, 27, 6, 30, tzinfo=dt.UTC)
    assert first.language == "nl-be"
    assert posts[1].url == "https://news.example/economie/mosa-namen"
    assert posts[2].text.startswith("An item without id")


def test_a_feed_item_dated_in_the_future_is_set_to_the_arrival_time_and_noted() -> None:
    posts, _ = parse_feed(fixture("rss2.xml"), feed_url="https://news.example/rss", now=NOW)
    future = next(p for p in posts if p.external_id.endswith("news-999"))
    assert future.created_at == NOW
    assert any("future" in note for note in future.notes)


def test_an_atom_feed_without_zones_reads_utc_and_says_so() -> None:
    posts, _ = parse_feed(fixture("atom.xml"), feed_url="https://reviews.example/a", now=NOW)
    assert posts[0].text == "Service Mosa : toujours pas de réponse\nUne arnaque"
    assert posts[0].language == "fr"
    assert any("zone" in note for note in posts[1].notes)


def test_a_feed_with_nested_entities_is_read_without_expanding_them() -> None:
    laughs = fixture("billion_laughs.xml").replace(
        b"</channel>", b"<item><title>&lol3; &lol;</title><guid>1</guid></item></channel>"
    )
    posts, _ = parse_feed(laughs, feed_url="https://x.example", now=NOW)
    assert [post.text for post in posts] == ["&lol3; lol"]


def test_html_that_is_not_a_feed_is_refused() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body>hi</body></html>", feed_url="https://x.example", now=NOW)


def test_the_feed_source_uses_conditional_requests_from_its_cursor() -> None:
    with played_server() as server:
        server.on(
            "/rss",
            Reply(
                200, fixture("rss2.xml"), {"ETag": '"v1"', "Content-Type": "application/rss+xml"}
            ),
            Reply(304, b""),
        )
        source = build_source("rss", {"urls": [f"{server.base}/rss"]}, {}, local_client())
        first = list(source.batches({}))
        second = list(source.batches(first[-1].cursor))
    assert len(first[0].posts) == 4
    assert second[0].posts == []
    assert server.requests[1].headers["If-None-Match"] == '"v1"'


def test_a_feed_url_on_an_internal_address_is_refused_before_any_request() -> None:
    source = build_source("rss", {"urls": ["http://127.0.0.1:1/rss"]}, {}, HttpClient())
    with pytest.raises(InvalidConfiguration):
        list(source.batches({}))


def test_a_feed_larger_than_the_limit_is_refused() -> None:
    with played_server() as server:
        server.on("/rss", Reply(200, b"<rss>" + b" " * (3 * 1024 * 1024) + b"</rss>"))
        source = build_source("rss", {"urls": [f"{server.base}/rss"]}, {}, local_client())
        with pytest.raises(SourceUnavailable):
            list(source.batches({}))


def _write_jsonl(path: Path, lines: list[object]) -> None:
    with path.open("wb") as stream:
        for line in lines:
            if isinstance(line, bytes):
                stream.write(line + b"\n")
            else:
                stream.write(json.dumps(line).encode() + b"\n")


def _item(i: int, **extra: object) -> dict[str, object]:
    return {
        "platform": "x",
        "id": str(i),
        "text": f"post {i}",
        "created_at": "2026-11-27T08:00:00Z",
        **extra,
    }


def test_a_jsonl_import_resumes_from_the_stored_offset(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    _write_jsonl(path, [_item(i) for i in range(5)])
    config = {"path": str(path), "batch_size": 2}
    batches = list(build_source("file", config, {}, local_client()).batches({}))
    assert [len(b.posts) for b in batches] == [2, 2, 1]
    resumed = list(build_source("file", config, {}, local_client()).batches(batches[0].cursor))
    assert [p.external_id for b in resumed for p in b.posts] == ["2", "3", "4"]
    assert list(build_source("file", config, {}, local_client()).batches(batches[-1].cursor)) == []


def test_a_jsonl_import_rejects_bad_lines_and_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    _write_jsonl(
        path,
        [
            _item(1),
            b"{broken",
            b"\xff\xfe not utf-8",
            _item(2, text=None),
            {"platform": "x", "text": "no id", "created_at": "2026-11-27T08:00:00Z"},
            b"[1, 2]",
            b"x" * (1024 * 1024 + 10),
            b"[" * 200_000 + b"]" * 200_000,
            _item(3, text="<b>bold</b> stays as text", unknown_field=1),
        ],
    )
    batches = list(build_source("file", {"path": str(path)}, {}, local_client()).batches({}))
    posts = [p for b in batches for p in b.posts]
    reasons = [r.reason for b in batches for r in b.rejected]
    assert [p.external_id for p in posts] == ["1", "3"]
    assert posts[1].text == "<b>bold</b> stays as text"
    assert any("unknown" in note for note in posts[1].notes)
    assert len(reasons) == 7
    assert any("UTF-8" in r for r in reasons) and any("longer than" in r for r in reasons)


def test_a_csv_import_reads_flattened_authors_and_resumes_by_row(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text(
        "platform,id,text,created_at,author_handle,author_followers\n"
        'x,1,"hello, world",2026-11-27T08:00:00Z,@anna,1500\n'
        "x,,no id,2026-11-27T08:00:00Z,@bert,1\n"
        'x,3,"multi\nline",2026-11-27T08:00:00Z,@carl,2\n',
        encoding="utf-8",
    )
    batches = list(build_source("file", {"path": str(path)}, {}, local_client()).batches({}))
    posts = [p for b in batches for p in b.posts]
    assert [p.external_id for p in posts] == ["1", "3"]
    assert posts[0].author is not None and posts[0].author.followers_count == 1500
    assert posts[1].text == "multi\nline"
    assert batches[-1].cursor == {"row": 3}
    again = list(build_source("file", {"path": str(path)}, {}, local_client()).batches({"row": 3}))
    assert [p for b in again for p in b.posts] == []


def test_a_signed_push_is_accepted_and_a_tampered_one_is_not() -> None:
    body = json.dumps({"posts": [_item(1), {"id": "2"}]}).encode()
    stamp = str(int(NOW.timestamp()))
    signature = sign("s3cret", stamp, body)
    verify_signature(secret="s3cret", timestamp=stamp, body=body, signature=signature, now=NOW)
    with pytest.raises(SignatureError):
        verify_signature(
            secret="s3cret", timestamp=stamp, body=body + b" ", signature=signature, now=NOW
        )
    with pytest.raises(SignatureError, match="window"):
        later = NOW + dt.timedelta(minutes=10)
        verify_signature(
            secret="s3cret", timestamp=stamp, body=body, signature=signature, now=later
        )
    posts, rejected = parse_push(body, now=NOW)
    assert [p.external_id for p in posts] == ["1"]
    assert len(rejected) == 1


def test_a_push_that_is_not_json_is_refused() -> None:
    with pytest.raises(InvalidItem):
        parse_push(b"\xff\xfe", now=NOW)


def test_a_deeply_nested_push_is_refused_not_a_crash() -> None:
    with pytest.raises(InvalidItem):
        parse_push(b"[" * 200_000 + b"]" * 200_000, now=NOW)
