"""The account-habit features of the compromise detector that look at when and from where a
post was made: the hour, the client app and the language."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from socialgov.engine.reasons import Reason

Note = Callable[[str, float, str], None]  # feature, deviation in [0, 1], reason


class Habits(Protocol):
    """What these features read of an account's habits (the detector's AccountHabits)."""

    posts: int
    hours: list[float]
    sources: Counter[str]
    sourced_posts: int
    languages: Counter[str]
    languaged_posts: int


class Posted(Protocol):
    @property
    def created_at(self) -> datetime: ...
    @property
    def source(self) -> str: ...
    @property
    def lang(self) -> str: ...


def hour_deviation(habits: Habits, post: Posted, note: Note) -> None:
    hour = post.created_at.hour
    smoothed = [
        habits.hours[h] + 0.5 * (habits.hours[(h - 1) % 24] + habits.hours[(h + 1) % 24])
        for h in range(24)
    ]
    share = smoothed[hour] / max(sum(smoothed), 1e-9)
    if share < 0.015:
        note(
            "hour",
            1.0 if share < 0.005 else 0.6,
            Reason(
                "compromise.hour",
                f"posted at {hour:02d}:00 UTC, an hour this account rarely uses "
                f"({habits.hours[hour] / habits.posts:.1%} of posts)",
                hour=f"{hour:02d}",
                share=f"{100 * habits.hours[hour] / habits.posts:.1f}",
            ),
        )


def client_deviations(habits: Habits, post: Posted, note: Note) -> None:
    """The client app and the language: who is typing, and where."""
    if post.source and habits.sourced_posts >= 10:
        used = habits.sources.get(post.source, 0) / habits.sourced_posts
        if used < 0.02:
            usual_apps = ", ".join(name for name, _ in habits.sources.most_common(2))
            note(
                "source",
                1.0 if used == 0 else 0.5,
                Reason(
                    "compromise.source_never" if used == 0 else "compromise.source_rarely",
                    f"client app '{post.source}' {'never' if used == 0 else 'rarely'} "
                    f"used before (usually {usual_apps})",
                    app=post.source,
                    usual=usual_apps,
                ),
            )
    if post.lang and post.lang not in ("und", "zxx") and habits.languaged_posts >= 10:
        used = habits.languages.get(post.lang, 0) / habits.languaged_posts
        if used < 0.03:
            note(
                "language",
                0.8 if used == 0 else 0.4,
                Reason(
                    "compromise.language_never" if used == 0 else "compromise.language_rarely",
                    f"language '{post.lang}' {'never' if used == 0 else 'rarely'} used before",
                    language=post.lang,
                ),
            )
