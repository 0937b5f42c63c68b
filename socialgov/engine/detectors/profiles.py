"""Profiles compared for impersonation, as read from records, and the detector's settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from socialgov.engine.detectors.phash import parse_hash
from socialgov.engine.detectors.streams import (
    RecordError,
    number_field,
    optional_timestamp,
    text_field,
)


@dataclass(frozen=True)
class Profile:
    platform: str
    handle: str
    display_name: str = ""
    bio: str = ""
    avatar_hash: int | None = None
    created_at: datetime | None = None
    followers: int | None = None
    url: str = ""
    verified: bool = False

    @property
    def key(self) -> dict[str, str]:
        return {"platform": self.platform, "handle": self.handle}


def parse_profile(record: dict[str, Any]) -> Profile:
    """A profile from a JSON object; only `platform` and `handle` are required."""
    avatar_text = text_field(record, "avatar_hash", limit=100)
    avatar_hash = parse_hash(avatar_text) if avatar_text else None
    if avatar_text and avatar_hash is None:
        raise RecordError("'avatar_hash' must be a 64-bit perceptual hash as 16 hex digits")
    followers = number_field(record, "followers")
    return Profile(
        platform=text_field(record, "platform", required=True, limit=50).strip().lower(),
        handle=text_field(record, "handle", required=True, limit=200).strip().lstrip("@"),
        display_name=text_field(record, "display_name", limit=200),
        bio=text_field(record, "bio", limit=2000),
        avatar_hash=avatar_hash,
        created_at=optional_timestamp(record, "created_at"),
        followers=int(followers) if followers is not None and followers >= 0 else None,
        url=text_field(record, "url", limit=2000),
        verified=record.get("verified") is True,
    )


@dataclass(frozen=True)
class ImpersonationSettings:
    threshold: float = 0.7
    new_account_days: int = 90
    max_bio_share: float = 0.05  # bio word pairs used by more protected bios than this are common
    fan_discount: float = 0.45
    cross_platform_discount: float = 0.8
