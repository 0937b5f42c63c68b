"""The compromise detector's data: own posts, reported profile changes, and the habits each
account learns, shared by the detector and its features."""

from __future__ import annotations

import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class OwnPost:
    id: str
    account: str
    created_at: datetime
    text: str = ""
    source: str = ""
    lang: str = ""
    urls: tuple[str, ...] = ()
    # The toxicity analyzer's score (0–1) where the analysis stage gave one: vandalism on a
    # hijacked account reads as offensive, in the account's usual client and language.
    toxicity: float | None = None
    # The sentiment analyzer's probability that the post is negative, where given: a brand's
    # own voice is neutral or positive, vandalism mostly is not.
    negativity: float | None = None


@dataclass(frozen=True)
class ProfileChange:
    """The platform reported a change to the account (name, bio, e-mail, phone, avatar...)."""

    account: str
    created_at: datetime
    changes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deletion:
    """The platform reported that one of the account's posts was deleted."""

    account: str
    created_at: datetime
    post_id: str = ""


class _Running:
    """Mean and spread of a number, updated one value at a time (Welford)."""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0

    def add(self, value: float) -> None:
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)

    @property
    def spread(self) -> float:
        return math.sqrt(self.m2 / (self.count - 1)) if self.count > 1 else 0.0


@dataclass
class AccountHabits:
    posts: int = 0
    hours: list[float] = field(default_factory=lambda: [0.0] * 24)
    sources: Counter[str] = field(default_factory=Counter)
    sourced_posts: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    languaged_posts: int = 0
    domains: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    hashtags: Counter[str] = field(default_factory=Counter)
    vocabulary: Counter[str] = field(default_factory=Counter)
    # How often this account's posts brought something new: an account that always links new
    # news sites is not suspicious when it links one more.
    novelty: dict[str, _Running] = field(
        default_factory=lambda: {k: _Running() for k in ("domain", "mentions", "hashtags", "topic")}
    )
    length: _Running = field(default_factory=_Running)
    burst_sizes: Counter[int] = field(default_factory=Counter)
    recent: deque[tuple[datetime, str]] = field(default_factory=lambda: deque(maxlen=64))
    profile_changes: deque[ProfileChange] = field(default_factory=lambda: deque(maxlen=20))
    deletions: deque[datetime] = field(default_factory=lambda: deque(maxlen=200))
    abusive_posts: int = 0
    last_alert: tuple[datetime, str] | None = None  # time and client app of the last alert
    toxicity: deque[float] = field(default_factory=lambda: deque(maxlen=500))
    # The account's tone (toxicity and negativity) of each post where the analysis gave both.
    tones: deque[tuple[float, float]] = field(default_factory=lambda: deque(maxlen=500))
    mention_counts: Counter[int] = field(default_factory=Counter)


Note = Callable[[str, float, str], None]  # feature, deviation in [0, 1], reason
