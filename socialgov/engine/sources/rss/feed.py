"""Feed parsing with defusedxml: entity expansion, external entities and DTDs are refused,
so a hostile feed cannot make the worker read local files or blow up its memory."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeTree
from defusedxml import DefusedXmlException

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

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MAX_ITEMS = 500


class FeedError(ValueError):
    pass


def _text(element: Element | None, path: str) -> str:
    if element is None:
        return ""
    found = element.find(path)
    return (found.text or "") if found is not None else ""


def _entry_fields(entry: Element, feed_url: str) -> dict[str, Any]:
    if entry.tag == f"{ATOM}entry":
        link = ""
        for candidate in entry.findall(f"{ATOM}link"):
            if candidate.get("rel", "alternate") == "alternate":
                link = candidate.get("href", "")
                break
        return {
            "id": _text(entry, f"{ATOM}id") or link,
            "title": _text(entry, f"{ATOM}title"),
            "body": _text(entry, f"{ATOM}content") or _text(entry, f"{ATOM}summary"),
            "link": link,
            "time": _text(entry, f"{ATOM}published") or _text(entry, f"{ATOM}updated"),
            "author": _text(entry.find(f"{ATOM}author"), f"{ATOM}name"),
        }
    namespace = RSS1 if entry.tag == f"{RSS1}item" else ""
    link = _text(entry, f"{namespace}link")
    return {
        "id": _text(entry, "guid")
        or entry.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        or link,
        "title": _text(entry, f"{namespace}title"),
        "body": _text(entry, f"{CONTENT}encoded") or _text(entry, f"{namespace}description"),
        "link": link,
        "time": _text(entry, "pubDate") or _text(entry, f"{DC}date"),
        "author": _text(entry, "author") or _text(entry, f"{DC}creator"),
    }


def parse_feed(
    body: bytes, *, feed_url: str, now: dt.datetime
) -> tuple[list[IncomingPost], list[Rejection]]:
    try:
        root = SafeTree.fromstring(body, forbid_dtd=True)
    except DefusedXmlException as error:
        raise FeedError(f"feed refused: {type(error).__name__}") from error
    except SafeTree.ParseError as error:
        raise FeedError(f"not a readable XML feed: {error}") from error
    if root.tag == f"{ATOM}feed":
        entries = root.findall(f"{ATOM}entry")
        title = _text(root, f"{ATOM}title")
    elif root.tag == "rss":
        channel = root.find("channel")
        entries = channel.findall("item") if channel is not None else []
        title = _text(channel, "title")
    elif root.tag.endswith("RDF"):
        entries = root.findall(f"{RSS1}item")
        title = _text(root.find(f"{RSS1}channel"), f"{RSS1}title")
    else:
        raise FeedError(f"not an RSS or Atom feed (root element {root.tag[:60]!r})")
    site = urlsplit(feed_url).hostname or feed_url
    feed_language = clean_language(root.get(XML_LANG) or _text(root.find("channel"), "language"))
    posts, rejected = [], []
    for entry in entries[:MAX_ITEMS]:
        fields = _entry_fields(entry, feed_url)
        try:
            posts.append(_post(fields, feed_url, site, title, feed_language, now))
        except InvalidItem as error:
            rejected.append(Rejection(str(error), str(fields.get("title", ""))[:200]))
    return posts, rejected


def _post(
    fields: dict[str, Any],
    feed_url: str,
    site: str,
    feed_title: str,
    language: str,
    now: dt.datetime,
) -> IncomingPost:
    notes: list[str] = []
    title = html_to_text(fields["title"], limit=1_000)
    body = html_to_text(fields["body"])
    link = clean_url(urljoin(feed_url, fields["link"].strip())) if fields["link"] else ""
    raw_id = fields["id"].strip() or link
    if not raw_id:
        if not title and not body:
            raise InvalidItem("entry without id, link, title or text")
        material = f"{title}|{body}|{fields['time']}"
        raw_id = hashlib.sha256(material.encode()).hexdigest()
    external_id = clean_id(raw_id, what="entry id")
    created = parse_time(fields["time"], now=now, notes=notes) if fields["time"].strip() else now
    author_name = clean_line(fields["author"], limit=MAX_NAME_CHARS)
    return IncomingPost(
        platform="rss",
        external_id=f"{site}|{external_id}"[:255],
        text="\n".join(part for part in (title, body) if part),
        created_at=created,
        author=IncomingAuthor(
            platform="rss",
            external_id=site,
            handle=site,
            display_name=clean_line(feed_title, limit=MAX_NAME_CHARS) or site,
        ),
        url=link,
        language=language,
        raw={"feed": feed_url, "author": author_name},
        notes=tuple(notes),
    )
