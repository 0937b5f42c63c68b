"""Self-written ordinary service posts in en/nl/fr for measuring false alarms.

The sentences in `service_posts.json` were written for the project and are used only to
measure false alarms (toxic and personal-data findings on posts that should raise none): never
for training, tuning, thresholds or word lists, so the rates measured on them stay honest.
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
