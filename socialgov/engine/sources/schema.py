"""The project's own exchange format for posts (file import, webhooks, replay).

One JSON object per post:
    {"platform": "x", "id": "123", "text": "...", "created_at": "2026-11-27T09:00:00Z",
     "url": "https://...", "language": "nl", "kind": "mention", "channel": "@mosa",
     "author": {"id": "42", "handle": "@someone", "display_name": "...", "followers": 1200},
     "reply_to": "", "quote_of": "", "repost_of": "", "likes": 3, "reposts": 1, "replies": 0}
CSV files use the same names with author fields flattened (`author_id`, `author_handle`, …).
Unknown fields are ignored (and listed in the item's notes); a missing id or text rejects it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from socialgov.engine.sources.base import IncomingAuthor, IncomingPost
from socialgov.engine.sources.cleaning import (
    MAX_BIO_CHARS,
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_language,
    clean_line,
    clean_platform,
    clean_text,
    clean_url,
    optional_time,
    parse_time,
)

POST_KINDS = ("own_post", "mention", "comment", "direct_message", "internal")
KNOWN_FIELDS = frozenset(
    {
        "platform", "id", "external_id", "text", "created_at", "url", "language", "kind",
        "channel", "author", "reply_to", "quote_of", "repost_of", "likes", "reposts", "replies",
        "quotes", "mentions", "author_id", "author_handle", "author_display_name",
        "author_bio", "author_avatar_url", "author_followers", "author_created_at",
    }
)  # fmt: skip
MAX_RAW_CHARS = 20_000


def _author(item: Mapping[str, Any], platform: str, now: dt.datetime) -> IncomingAuthor | None:
    nested = item.get("author")
    data: Mapping[str, Any]
    if isinstance(nested, Mapping):
        data = nested
    else:
        data = {
            key.removeprefix("author_"): value
            for key, value in item.items()
            if key.startswith("author_")
        }
    handle = clean_line(data.get("handle"), limit=MAX_HANDLE_CHARS)
    raw_id = data.get("id") or handle
    if not raw_id:
        return None
    return IncomingAuthor(
        platform=platform,
        external_id=clean_id(raw_id, what="author id"),
        handle=handle,
        display_name=clean_line(data.get("display_name"), limit=MAX_NAME_CHARS),
        bio=clean_text(data.get("bio"), limit=MAX_BIO_CHARS),
        avatar_url=clean_url(data.get("avatar_url")),
        created_at=optional_time(data.get("created_at"), now=now),
        followers_count=clean_count(data.get("followers")),
    )


def _mentions(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split()
    if not isinstance(value, list):
        return ()
    return tuple(clean_line(item, limit=MAX_HANDLE_CHARS) for item in value[:50] if item)


def _raw(item: Mapping[str, Any]) -> dict[str, Any]:
    try:
        text = json.dumps(item, ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        return {}
    if len(text) > MAX_RAW_CHARS:
        return {"truncated": True}
    return dict(item)


def post_from_mapping(
    item: Any, *, now: dt.datetime, default_platform: str = "", default_channel: str = ""
) -> IncomingPost:
    """One post in the exchange format, cleaned; raises InvalidItem with the reason."""
    if not isinstance(item, Mapping):
        raise InvalidItem("each item must be a JSON object")
    notes: list[str] = []
    unknown = sorted(str(key)[:40] for key in item if key not in KNOWN_FIELDS)
    if unknown:
        notes.append(f"ignored unknown fields: {', '.join(unknown[:10])}")
    platform = clean_platform(item.get("platform") or default_platform)
    external_id = clean_id(item.get("id") or item.get("external_id"), what="post id")
    if "text" not in item or not isinstance(item.get("text"), str):
        raise InvalidItem("missing text")
    kind = clean_line(item.get("kind"), limit=20)
    if kind and kind not in POST_KINDS:
        raise InvalidItem(f"unknown kind {kind!r}")
    return IncomingPost(
        platform=platform,
        external_id=external_id,
        text=clean_text(item["text"]),
        created_at=parse_time(item.get("created_at"), now=now, notes=notes),
        author=_author(item, platform, now),
        url=clean_url(item.get("url")),
        language=clean_language(item.get("language")),
        kind=kind,
        channel_handle=clean_line(item.get("channel") or default_channel, limit=MAX_HANDLE_CHARS),
        reply_to_id=clean_line(item.get("reply_to"), limit=255),
        quote_of_id=clean_line(item.get("quote_of"), limit=255),
        repost_of_id=clean_line(item.get("repost_of"), limit=255),
        mentions=_mentions(item.get("mentions")),
        likes_count=clean_count(item.get("likes")),
        reposts_count=clean_count(item.get("reposts")),
        replies_count=clean_count(item.get("replies")),
        quotes_count=clean_count(item.get("quotes")),
        raw=_raw(item),
        notes=tuple(notes),
    )
