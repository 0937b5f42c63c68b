"""Streams for the detector tests: mentions with a daily rhythm, an account's posts."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo

from socialgov.engine.detectors.compromise import OwnPost
from socialgov.engine.detectors.spikes import Mention

MONDAY = datetime(2026, 3, 2, tzinfo=UTC)

ORDINARY = [
    "just bought a new phone from acme, pretty happy so far",
    "anyone know if acme stores open on sunday",
    "acme has a new advert on tv tonight",
    "ordering lunch with the acme app again",
    "my acme delivery came today, looks fine",
]


def mentions_per_hour(hour: int) -> float:
    """A brand with a strong morning peak and quiet nights."""
    if 8 <= hour < 11:
        return 30.0
    if 11 <= hour < 22:
        return 8.0
    return 1.0


def rhythm_stream(
    *,
    brand: str = "acme",
    days: int = 14,
    start: datetime = MONDAY,
    rate: Callable[[int], float] = mentions_per_hour,
    seed: int = 1,
    zone: tzinfo = UTC,
) -> list[Mention]:
    """Mentions arriving as a Poisson stream whose rate follows the (local) hour of the day."""
    rng = random.Random(seed)
    found: list[Mention] = []
    moment = start
    end = start + timedelta(days=days)
    while moment < end:
        per_minute = rate(moment.astimezone(zone).hour) / 60
        if rng.random() < per_minute:
            text = rng.choice(ORDINARY)
            found.append(Mention(f"{brand}-{len(found)}", brand, moment, text, 0.0))
        moment += timedelta(minutes=1)
    return found


def surge(
    *,
    brand: str = "acme",
    start: datetime,
    count: int,
    minutes: int,
    text: str = "acme outage again, app down all night #acmedown refund now",
    sentiment: float | None = -1.0,
) -> list[Mention]:
    step = timedelta(seconds=minutes * 60 / count)
    return [
        Mention(f"{brand}-surge-{index}", brand, start + index * step, text, sentiment)
        for index in range(count)
    ]


def in_time_order(*streams: list[Mention]) -> list[Mention]:
    return sorted((m for stream in streams for m in stream), key=lambda m: m.created_at)


def account_history(
    *, account: str = "acme_be", days: int = 60, start: datetime = MONDAY, seed: int = 2
) -> list[OwnPost]:
    """An organisation account posting in office hours from its scheduling tool."""
    rng = random.Random(seed)
    subjects = ["opening hours", "new store", "summer sale", "customer day", "our app", "jobs"]
    posts: list[OwnPost] = []
    for day in range(days):
        date = start + timedelta(days=day)
        if date.weekday() >= 5:
            continue
        for _ in range(rng.randrange(1, 4)):
            moment = date + timedelta(hours=rng.randrange(8, 17), minutes=rng.randrange(60))
            subject = rng.choice(subjects)
            posts.append(
                OwnPost(
                    id=f"{account}-{len(posts)}",
                    account=account,
                    created_at=moment,
                    text=f"News about {subject} at Acme: read more on our site #acme",
                    source="Hootsuite Inc.",
                    lang="en",
                    urls=(f"https://www.acme.be/news/{len(posts)}",),
                )
            )
    posts.sort(key=lambda post: post.created_at)
    return posts
