from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from typing import Any

from socialgov.engine.sources.base import (
    Batch,
    IncomingPost,
    InvalidConfiguration,
    Rejection,
    SourceSpec,
    register_source,
)
from socialgov.engine.sources.cleaning import MAX_HANDLE_CHARS, InvalidItem, clean_line
from socialgov.engine.sources.schema import post_from_mapping

# A signed request older (or newer) than this is refused, so a captured push cannot be replayed.
TOLERANCE_SECONDS = 300
MAX_ITEMS_PER_PUSH = 1_000
SIGNATURE_PREFIX = "sha256="


class SignatureError(ValueError):
    pass


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + digest.hexdigest()


def verify_signature(
    *, secret: str, timestamp: str, body: bytes, signature: str, now: dt.datetime
) -> None:
    if not secret:
        raise SignatureError("this webhook has no signing secret")
    if not timestamp.isdigit():
        raise SignatureError("missing or malformed timestamp header")
    if abs(now.timestamp() - int(timestamp)) > TOLERANCE_SECONDS:
        raise SignatureError("timestamp outside the accepted window")
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip()):
        raise SignatureError("signature does not match")


def parse_push(
    body: bytes, *, now: dt.datetime, default_platform: str = "", default_channel: str = ""
) -> tuple[list[IncomingPost], list[Rejection]]:
    """The posts of a verified push: a JSON object with a "posts" list, a list, or one post."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise InvalidItem(f"body is not JSON: {error}") from error
    if isinstance(data, Mapping) and isinstance(data.get("posts"), list):
        items = data["posts"]
    elif isinstance(data, list):
        items = data
    else:
        items = [data]
    if len(items) > MAX_ITEMS_PER_PUSH:
        raise InvalidItem(f"more than {MAX_ITEMS_PER_PUSH} posts in one push")
    posts, rejected = [], []
    for index, item in enumerate(items):
        try:
            posts.append(
                post_from_mapping(
                    item,
                    now=now,
                    default_platform=default_platform,
                    default_channel=default_channel,
                )
            )
        except InvalidItem as error:
            rejected.append(Rejection(f"item {index}: {error}"))
    return posts, rejected


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "platform": clean_line(config.get("platform"), limit=40).lower(),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class _PushOnly:
    def __init__(self, config: Mapping[str, Any], secrets: Mapping[str, str], http: object):
        pass

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        raise InvalidConfiguration("a webhook connector receives pushes; it is not polled")


register_source(
    SourceSpec(
        kind="webhook",
        label="Signed webhook",
        factory=_PushOnly,
        validate_config=_validate,
        secret_names=("signing_secret",),
        polled=False,
    )
)
