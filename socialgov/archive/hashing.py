"""Content hashes for archived versions: each hashes its own content and the hash of the
version before, so an edited or removed version breaks the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

GENESIS = "0" * 64


def version_hash(
    *,
    previous: str,
    platform: str,
    external_id: str,
    number: int,
    text: str,
    deleted: bool,
    captured_at: dt.datetime,
) -> str:
    canonical = json.dumps(
        [previous, platform, external_id, number, text, deleted, captured_at.isoformat()],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()
