"""Slack Events API: signed requests (v0 signature over "v0:{timestamp}:{body}" with the app's
signing secret, timestamps older than five minutes refused), the url_verification handshake,
and message events (new, edited) from the configured channels."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from socialgov.engine.sources.base import IncomingPost, Rejection
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.slack.source import message_to_post

TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    pass


def sign(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def verify(*, secret: str, timestamp: str, body: bytes, signature: str, now: dt.datetime) -> None:
    if not secret:
        raise SignatureError("this connector has no signing secret")
    if not timestamp.isdigit():
        raise SignatureError("missing or malformed X-Slack-Request-Timestamp")
    if abs(now.timestamp() - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureError("X-Slack-Request-Timestamp outside the five-minute window")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip()):
        raise SignatureError("X-Slack-Signature does not match")


@dataclass
class EventResult:
    challenge: str = ""
    posts: list[IncomingPost] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


def parse_event(body: bytes, *, channels: list[str], team: str, now: dt.datetime) -> EventResult:
    """What a verified event request holds. Messages from channels the connector does not
    watch are skipped: the app may be in more channels than the organisation declared."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise InvalidItem(f"body is not JSON: {error}") from error
    if not isinstance(data, Mapping):
        raise InvalidItem("event body is not an object")
    if data.get("type") == "url_verification":
        challenge = data.get("challenge")
        if not isinstance(challenge, str) or not challenge or len(challenge) > 200:
            raise InvalidItem("url_verification without a challenge")
        return EventResult(challenge=challenge)
    if data.get("type") != "event_callback":
        return EventResult(
            rejected=[Rejection(f"skipped request type {str(data.get('type'))[:40]!r}")]
        )
    if team and data.get("team_id") not in (team, None):
        raise InvalidItem("event from another workspace")
    event = data.get("event")
    if not isinstance(event, Mapping) or event.get("type") != "message":
        kind = event.get("type") if isinstance(event, Mapping) else None
        return EventResult(rejected=[Rejection(f"skipped event type {str(kind)[:40]!r}")])
    channel = event.get("channel")
    if channel not in channels:
        return EventResult(
            rejected=[Rejection("message from a channel the connector does not watch")]
        )
    message: Any = event
    if event.get("subtype") == "message_changed":
        message = event.get("message")
    elif event.get("subtype") == "message_deleted":
        return EventResult(
            rejected=[Rejection("skipped message_deleted (deletions are not mirrored)")]
        )
    try:
        post = message_to_post(message, channel=str(channel), team=team, now=now)
    except InvalidItem as error:
        return EventResult(rejected=[Rejection(str(error), repr(event)[:200])])
    return EventResult(posts=[post])
