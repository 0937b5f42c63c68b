"""Feed parsing with feedparser: every RSS version, RDF, Atom 0.3 and 1.0, declared and
undeclared encodings, HTML entities, xhtml and base64 content, dates in the forms real feeds
write them. feedparser falls back to a lenient parser on malformed XML, which is what real
feeds need; what it gives is then cleaned like every other source's text.

Safety around it: feedparser only ever gets the bytes the guarded HTTP client fetched (as a
stream, so it never opens a URL or a file itself), a document that declares entities is
refused before parsing (entity expansion is unbounded), and every text is reduced to plain
text before it is stored.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from socialgov.engine.sources.base import IncomingAuthor, IncomingPost, Rejection
from socialgov.engine.sources.cleaning import (
    MAX_NAME_CHARS,
    InvalidItem,
    clean_id,
    clean_language,
    clean_line,
    clean_url,
    html_to_text,
    parse_time,
)

MAX_ITEMS = 500
MAX_KEY_CHARS = 120
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)
_C1 = re.compile("[\x80-\x9f]")
# An ISO 8601 time of day with no zone after it (feedparser reads it as UTC without saying so).
_ZONELESS = re.compile(r"[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")
_WHITESPACE_BEFORE_XML = re.compile(rb"^(\xef\xbb\xbf)?[\s\x00]+(?=<\?xml)")


class FeedError(ValueError):
    pass


def feed_key(feed_url: str) -> str:
    """What tells one feed from another on the same host (feedburner, medium): host, path and
    query; a long one is shortened with a hash so ids stay within the column."""
    parts = urlsplit(feed_url)
    key = f"{parts.hostname or ''}{parts.path.rstrip('/')}"
    if parts.query:
        key = f"{key}?{parts.query}"
    if len(key) > MAX_KEY_CHARS:
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        key = f"{parts.hostname or ''}#{digest}"[:MAX_KEY_CHARS]
    return key


def _windows_1252(text: str) -> str:
    """Text decoded as Latin-1 that was really Windows-1252 carries C1 control characters
    where the curly quotes and dashes were; put them back."""

    def swap(match: re.Match[str]) -> str:
        try:
            return match.group().encode("latin-1").decode("cp1252")
        except UnicodeDecodeError:
            return ""

    return _C1.sub(swap, text)


def _plain(value: Any, *, limit: int = 20_000) -> str:
    return html_to_text(_windows_1252(value) if isinstance(value, str) else value, limit=limit)


def _prepare(body: bytes) -> bytes:
    if _ENTITY_DECLARATION.search(body[:65536]):
        raise FeedError("feed refused: it declares XML entities")
    # A byte-order mark or blank lines before the declaration make strict parsers give up.
    return _WHITESPACE_BEFORE_XML.sub(b"", body, count=1)


def parse_feed(
    body: bytes,
    *,
    feed_url: str,
    now: dt.datetime,
    content_type: str = "",
) -> tuple[list[IncomingPost], list[Rejection]]:
    headers = {"content-location": feed_url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(
        io.BytesIO(_prepare(body)),
        response_headers=headers,
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f": {str(problem)[:200]}" if problem else ""
        raise FeedError(f"not an RSS or Atom feed{reason}")
    feed = parsed.get("feed", {})
    author = IncomingAuthor(
        platform="rss",
        external_id=feed_key(feed_url),
        handle=urlsplit(feed_url).hostname or feed_url,
        display_name=clean_line(_plain(feed.get("title", ""), limit=1_000), limit=MAX_NAME_CHARS)
        or (urlsplit(feed_url).hostname or ""),
    )
    language = clean_language(feed.get("language", ""))
    posts, rejected = [], []
    for entry in parsed.entries[:MAX_ITEMS]:
        try:
            posts.append(_post(entry, feed_url, author, language, now))
        except InvalidItem as error:
            rejected.append(Rejection(str(error), clean_line(entry.get("title", ""), limit=200)))
    return posts, rejected


def _body(entry: Mapping[str, Any]) -> str:
    """The fullest body: content (xhtml, html, text or decoded base64), else the summary, then
    the media descriptions feeds of podcasts and videos put their text in."""
    contents = entry.get("content") or []
    texts = [str(item.get("value", "")) for item in contents if isinstance(item, Mapping)]
    body = max(texts, key=len) if texts else ""
    summary = str(entry.get("summary", ""))
    if len(summary) > len(body):
        body = summary
    if not body:
        for media in entry.get("media_content") or []:
            if isinstance(media, Mapping) and media.get("description"):
                body = str(media["description"])
                break
    if not body:
        body = str(entry.get("media_description") or entry.get("subtitle") or "")
    return body


def _link(entry: Mapping[str, Any], feed_url: str) -> str:
    link = str(entry.get("link") or "")
    if not link:
        for candidate in entry.get("links") or []:
            if isinstance(candidate, Mapping) and candidate.get("href"):
                link = str(candidate["href"])
                break
    return clean_url(urljoin(feed_url, link.strip())) if link else ""


def _created(entry: Mapping[str, Any], now: dt.datetime, notes: list[str]) -> dt.datetime:
    for name in ("published", "updated", "created"):
        parsed = entry.get(f"{name}_parsed")
        if parsed:
            try:
                stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
            except (OverflowError, OSError, ValueError, TypeError):
                continue
            if _ZONELESS.search(str(entry.get(name, "")).strip()):
                notes.append("timestamp without a time zone read as UTC")
            return parse_time(stamp, now=now, notes=notes)
    written = next((str(entry[n]) for n in ("published", "updated") if entry.get(n)), "")
    if written:
        notes.append(f"unreadable date {written[:60]!r}: the fetch time is used")
    else:
        notes.append("item without a date: the fetch time is used")
    return now


def _post(
    entry: Mapping[str, Any],
    feed_url: str,
    author: IncomingAuthor,
    language: str,
    now: dt.datetime,
) -> IncomingPost:
    notes: list[str] = []
    title = _plain(entry.get("title", ""), limit=1_000)
    body = _plain(_body(entry))
    if body == title:
        body = ""
    link = _link(entry, feed_url)
    raw_id = str(entry.get("id") or "").strip() or link
    if not raw_id:
        if not title and not body:
            raise InvalidItem("entry without id, link, title or text")
        written = str(entry.get("published") or entry.get("updated") or "")
        raw_id = hashlib.sha256(f"{title}|{body}|{written}".encode()).hexdigest()
    external_id = clean_id(raw_id, what="entry id")
    writer = clean_line(entry.get("author", ""), limit=MAX_NAME_CHARS)
    return IncomingPost(
        platform="rss",
        external_id=f"{author.external_id}|{external_id}"[:255],
        text="\n".join(part for part in (title, body) if part),
        created_at=_created(entry, now, notes),
        author=author,
        url=link,
        language=clean_language(entry.get("language", "")) or language,
        raw={"feed": feed_url, "author": writer},
        notes=tuple(notes),
    )
