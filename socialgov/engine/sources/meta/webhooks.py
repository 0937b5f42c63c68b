"""Meta webhooks: the subscription handshake (hub.verify_token) and signed change
notifications (X-Hub-Signature-256: sha256=HMAC-SHA256(app secret, raw body)).

Page `feed` changes carry the comment itself; Instagram `comments` changes too. Instagram
`mentions` changes carry only ids, so they are left to the next poll and counted as skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Collection, Mapping
from typing import Any

from socialgov.engine.sources.base import IncomingPost, Rejection
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.meta.source import facebook_item, instagram_item

MAX_ENTRIES = 1_000


class SignatureError(ValueError):
    pass


def verify_challenge(params: Mapping[str, str], verify_token: str) -> str:
    """The hub.challenge to echo when Meta subscribes with our verify token."""
    if not verify_token:
        raise SignatureError("this connector has no verify token")
    if params.get("hub.mode") != "subscribe":
        raise SignatureError("hub.mode is not subscribe")
    if not hmac.compare_digest(params.get("hub.verify_token", ""), verify_token):
        raise SignatureError("verify token does not match")
    challenge = params.get("hub.challenge", "")
    if not challenge or len(challenge) > 200:
        raise SignatureError("missing challenge")
    return challenge


def sign(app_secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def verify(app_secret: str, body: bytes, header: str) -> None:
    if not app_secret:
        raise SignatureError("this connector has no app secret to check signatures with")
    if not header.startswith("sha256="):
        raise SignatureError("missing X-Hub-Signature-256 header")
    if not hmac.compare_digest(sign(app_secret, body), header.strip()):
        raise SignatureError("X-Hub-Signature-256 does not match")


def _comment_value(
    field: str, obj: str, value: Mapping[str, Any], now: dt.datetime
) -> IncomingPost:
    if obj == "page":
        item = {
            "id": value.get("comment_id"),
            "message": value.get("message"),
            "created_time": value.get("created_time"),
            "from": value.get("from"),
            "parent": {"id": value.get("parent_id") or value.get("post_id")},
            "permalink_url": value.get("permalink_url"),
        }
        if not isinstance(item["message"], str):
            raise InvalidItem("feed comment without a message")
        return facebook_item(item, now=now, kind="comment")
    media = value.get("media") if isinstance(value.get("media"), Mapping) else {}
    assert isinstance(media, Mapping)
    item = {
        "id": value.get("id"),
        "text": value.get("text"),
        "timestamp": now.isoformat(),  # Instagram comment notifications carry no time
        "from": value.get("from"),
        "parent_id": value.get("parent_id") or media.get("id"),
    }
    if not isinstance(item["text"], str):
        raise InvalidItem("comment without text")
    return instagram_item(item, now=now, kind="comment")


def parse_notification(
    body: bytes, *, now: dt.datetime, accounts: Collection[str] = ()
) -> tuple[list[IncomingPost], list[Rejection]]:
    """New and edited comments from a verified notification; everything else is listed in the
    rejections with the reason, and the rest of the notification goes on. With `accounts`,
    entries of Pages or Instagram accounts the connector does not watch are skipped (one app
    may serve several)."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidItem(f"body is not JSON: {error}") from error
    if not isinstance(data, Mapping) or data.get("object") not in ("page", "instagram"):
        raise InvalidItem("not a page or instagram notification")
    obj = str(data["object"])
    entries = data.get("entry")
    if not isinstance(entries, list) or len(entries) > MAX_ENTRIES:
        raise InvalidItem("entry must be a list of at most 1000 changes")
    posts: list[IncomingPost] = []
    rejected: list[Rejection] = []
    for entry in entries:
        if accounts and isinstance(entry, Mapping) and str(entry.get("id")) not in accounts:
            rejected.append(Rejection("entry for an account this connector does not watch"))
            continue
        changes = entry.get("changes") if isinstance(entry, Mapping) else None
        if not isinstance(changes, list):
            rejected.append(Rejection("entry without changes", repr(entry)[:200]))
            continue
        for change in changes:
            if not isinstance(change, Mapping) or not isinstance(change.get("value"), Mapping):
                rejected.append(Rejection("change without a value", repr(change)[:200]))
                continue
            field, value = change.get("field"), change["value"]
            wanted = (obj == "page" and field == "feed" and value.get("item") == "comment") or (
                obj == "instagram" and field in ("comments", "live_comments")
            )
            if not wanted:
                rejected.append(Rejection(f"skipped {obj} change {str(field)[:40]!r}", ""))
                continue
            if obj == "page" and value.get("verb") not in ("add", "edited"):
                rejected.append(Rejection(f"skipped comment verb {str(value.get('verb'))[:20]!r}"))
                continue
            try:
                posts.append(_comment_value(str(field), obj, value, now))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(value)[:200]))
    return posts, rejected
