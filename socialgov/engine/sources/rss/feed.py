"""Feed parsing with feedparser: every RSS version, RDF, Atom 0.3 and 1.0, declared and
undeclared encodings, HTML entities, xhtml and base64 content, dates in the forms real feeds
write them. feedparser falls back to a lenient parser on malformed XML, which is what real
feeds need; what it gives is then cleaned like every other source's text.

Safety around it: feedparser only ever gets the bytes the guarded HTTP client fetched (as a
stream, so it never opens a URL or a file itself), entity declarations are kept only where
expanding them cannot multiply the document, and every text is reduced to plain text before
it is stored.
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
    MAX_TEXT_CHARS,
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
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY\s+([^>]*?)>", re.IGNORECASE)
# An entity kept: a name for one character reference or a few plain characters, so expanding
# one can never multiply the document (nested and long entities are the billion laughs and the
# quadratic blow-up; external ones would make the parser open a file or a URL).
_SAFE_ENTITY = re.compile(rb'(\w[\w.-]*)\s+(["\'])(&#x?[0-9a-fA-F]{1,6};|[^&%<"\']{0,16})\2\s*')
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
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


def _bounded_entities(body: bytes) -> bytes:
    """The document with its entity declarations removed and the references to the harmless
    ones (see _SAFE_ENTITY) written out; a reference to any other stays in the text as written.
    Expanded here rather than by the parsers, whose lenient fallback mangles them."""
    first = _FIRST_ELEMENT.search(body)
    end = first.start() if first else len(body)
    head = body[:end]
    declarations = _ENTITY_DECLARATION.findall(head)
    if not declarations:
        return body
    values: dict[bytes, bytes] = {}
    for declaration in declarations:
        if safe := _SAFE_ENTITY.fullmatch(declaration):
            values.setdefault(safe.group(1), safe.group(3))
    rest = body[end:]
    if values:
        names = b"|".join(re.escape(name) for name in values)
        rest = re.sub(rb"&(" + names + rb");", lambda m: values[m.group(1)], rest)
    return _ENTITY_DECLARATION.sub(b"", head) + rest


def _prepare(body: bytes) -> bytes:
    # A byte-order mark or blank lines before the declaration make strict parsers give up.
    return _bounded_entities(_WHITESPACE_BEFORE_XML.sub(b"", body, count=1))


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


def _texts(entry: Mapping[str, Any]) -> list[Any]:
    """Every place an entry keeps words, fullest first: content (xhtml, html, text or decoded
    base64, and media:description, which feedparser files there), the summary (description,
    itunes:summary), media descriptions and itunes:subtitle."""
    found: list[Any] = []
    for item in entry.get("content") or []:
        if isinstance(item, Mapping):
            found.append(item.get("value"))
    found.append(entry.get("summary"))
    for media in entry.get("media_content") or []:
        if isinstance(media, Mapping):
            found.append(media.get("description"))
    found += [entry.get("media_description"), entry.get("subtitle")]
    return found


def _body(entry: Mapping[str, Any], title: str) -> str:
    """The entry's words once each: a summary that only repeats (or cuts short) the content,
    or the title, is not repeated."""
    kept: list[str] = []
    for candidate in _texts(entry):
        text = _plain(candidate) if isinstance(candidate, str) else ""
        shortened = text.rstrip(" .\u2026[]")
        if not shortened or any(shortened in other for other in [title, *kept]):
            continue
        kept = [other for other in kept if other not in text]
        kept.append(text)
    return "\n".join(kept)


def _link(entry: Mapping[str, Any], feed_url: str) -> str:
    link = str(entry.get("link") or "")
    if entry.get("guidislink") and link == entry.get("id") and "://" not in link:
        link = ""  # a guid like "e1" taken for a permalink is not a link
    if not link:
        for candidate in entry.get("links") or []:
            if isinstance(candidate, Mapping) and candidate.get("href"):
                link = str(candidate["href"])
                break
    return clean_url(urljoin(feed_url, link.strip())) if link else ""


def _details(entry: Mapping[str, Any], feed_url: str) -> dict[str, Any]:
    """What the raw payload keeps of an entry: its writers (dc:creator, itunes:author), tags
    (category, dc:subject, itunes: and media:keywords) and media links (enclosures,
    media:content, media:thumbnail)."""
    people = [entry.get("author")]
    people += [a.get("name") for a in entry.get("authors") or [] if isinstance(a, Mapping)]
    writers = list(dict.fromkeys(w for p in people if (w := clean_line(p, limit=MAX_NAME_CHARS))))
    tags = [t.get("term") for t in entry.get("tags") or [] if isinstance(t, Mapping)]
    media = [
        item.get("href") or item.get("url")
        for name in ("links", "media_content", "media_thumbnail")
        for item in entry.get(name) or []
        if isinstance(item, Mapping) and (name != "links" or item.get("rel") == "enclosure")
    ]
    details: dict[str, Any] = {"feed": feed_url, "author": ", ".join(writers)[:MAX_NAME_CHARS]}
    if cleaned := list(dict.fromkeys(t for tag in tags if (t := clean_line(tag, limit=100)))):
        details["tags"] = cleaned[:30]
    if links := list(dict.fromkeys(u for url in media if (u := clean_url(url)))):
        details["media"] = links[:10]
    return details


def _field(entry: Mapping[str, Any], name: str) -> Any:
    """A field as the feed wrote it: feedparser's own lookup swaps `published` for `updated`
    when one is missing (and warns); the dates are told apart here."""
    return dict.get(entry, name) if isinstance(entry, dict) else entry.get(name)


def _created(entry: Mapping[str, Any], now: dt.datetime, notes: list[str]) -> dt.datetime:
    for name in ("published", "updated", "created"):
        parsed = _field(entry, f"{name}_parsed")
        if parsed:
            try:
                stamp = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
            except (OverflowError, OSError, ValueError, TypeError):
                continue
            if _ZONELESS.search(str(_field(entry, name) or "").strip()):
                notes.append("timestamp without a time zone read as UTC")
            return parse_time(stamp, now=now, notes=notes)
    written = next(
        (str(_field(entry, n)) for n in ("published", "updated") if _field(entry, n)), ""
    )
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
    body = _body(entry, title)
    link = _link(entry, feed_url)
    raw_id = str(entry.get("id") or "").strip() or link
    if not raw_id:
        if not title and not body:
            raise InvalidItem("entry without id, link, title or text")
        written = str(_field(entry, "published") or _field(entry, "updated") or "")
        raw_id = hashlib.sha256(f"{title}|{body}|{written}".encode()).hexdigest()
    external_id = clean_id(raw_id, what="entry id")
    return IncomingPost(
        platform="rss",
        external_id=f"{author.external_id}|{external_id}"[:255],
        text="\n".join(part for part in (title, body) if part)[:MAX_TEXT_CHARS],
        created_at=_created(entry, now, notes),
        author=author,
        url=link,
        language=clean_language(entry.get("language", "")) or language,
        raw=_details(entry, feed_url),
        notes=tuple(notes),
    )
