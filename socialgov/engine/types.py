"""The plain data that flows through the analyzers: a post in, findings out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any


@dataclass(frozen=True, slots=True)
class Post:
    """One social media post as the analyzers see it.

    `lang` is a hint from the platform; analyzers that care detect the language themselves
    when it is missing. `channel` names the organisation's channel the post belongs to, so
    per-channel policy rules can apply.
    """

    id: str | int
    text: str
    lang: str | None = None
    platform: str | None = None
    author: str | None = None
    created_at: datetime | None = None
    channel: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Something an analyzer noticed in a post.

    `start`/`end` are offsets into the post's original text (Python string indices). Document
    level findings (language, sentiment) span the whole text. `reason` is short and readable by
    the person handling an alert; it never repeats a secret value.
    """

    analyzer: str
    kind: str
    score: float
    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "analyzer": self.analyzer,
            "kind": self.kind,
            "score": round(self.score, 4),
            "start": self.start,
            "end": self.end,
            "reason": self.reason,
        }
        return data


class Category(StrEnum):
    """What an alert is about; each analyzer's findings fall in one."""

    REPUTATION = "reputation"
    CONDUCT = "conduct"
    PRIVACY = "privacy"
    SECURITY = "security"
    OTHER = "other"


CATEGORY_BY_ANALYZER: dict[str, Category] = {
    "toxicity": Category.CONDUCT,
    "hate": Category.CONDUCT,
    "personal_data": Category.PRIVACY,
    "secrets": Category.SECURITY,
    "confidential": Category.SECURITY,
    "impersonation": Category.SECURITY,
    "compromise": Category.SECURITY,
    "sentiment": Category.REPUTATION,
    "complaint": Category.REPUTATION,
    "spike": Category.REPUTATION,
}


def category_of(analyzer: str) -> Category:
    return CATEGORY_BY_ANALYZER.get(analyzer, Category.OTHER)
