"""Self-written ordinary posts in en/nl/fr: one set for measuring false alarms, one for tuning.

The sentences in `service_posts.json` were written for the project and are used only to
measure false alarms (toxic and personal-data findings on posts that should raise none): never
for training, tuning, thresholds or word lists, so the rates measured on them stay honest.
`service_tuning.json` is a separate, more varied set (complaints, names and places, colleague
chat, shared credentials) that the toxicity operating points are chosen on, and is never used
to measure.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

_FILE = Path(__file__).parent / "service_posts.json"
SERVICE_LANGUAGES = ("en", "nl", "fr")


@cache
def _parts(language: str) -> dict[str, list[str]]:
    data = json.loads(_FILE.read_text(encoding="utf-8"))
    parts = data[language]
    assert isinstance(parts, dict)
    return parts


def service_posts(language: str, limit: int = 1000) -> list[str]:
    """Up to `limit` posts: every body with every opening and closing, bodies varying fastest
    so a short list still covers all of them; each body also appears alone."""
    parts = _parts(language)
    posts = list(parts["bodies"])
    for closing in parts["closings"]:
        for opening in parts["openings"]:
            posts.extend(f"{opening} {body} {closing}" for body in parts["bodies"])
    return posts[:limit]


_TUNING_FILE = Path(__file__).parent / "service_tuning.json"


@cache
def tuning_posts(language: str) -> list[str]:
    """The self-written tuning posts of `language`, each once, for choosing thresholds only:
    never for measuring (that is what `service_posts` is for). Greetings around a post add no
    variety, so unlike `service_posts` none are added: one flagged post is one post in ~90."""
    data = json.loads(_TUNING_FILE.read_text(encoding="utf-8"))
    kinds = data[language]
    assert isinstance(kinds, dict)
    return [post for posts in kinds.values() for post in posts]
