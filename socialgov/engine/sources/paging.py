"""Walking a newest-first listing back to where the previous poll stopped.

Most platform listings return the newest items first and page towards older ones. Each listing
keeps a watermark (the order key of the newest item stored) in the cursor; a poll walks pages
until it meets the watermark. A walk in progress is part of the cursor, so a restart continues
it instead of skipping items. The first poll reads `first_pages` pages (a history backfill)
instead of the whole history. Items at the watermark are passed on again: the store upserts
them, so nothing is lost to equal timestamps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from socialgov.engine.sources.base import Batch, IncomingPost, Rejection
from socialgov.engine.sources.cleaning import InvalidItem


@dataclass
class Page:
    posts: list[IncomingPost]
    next_token: str = ""  # "" at the end of the listing
    rejected: list[Rejection] = field(default_factory=list)
    # Raw items seen (rejected ones included): an empty page ends the walk.
    seen: int = 0


def page_of(
    items: Sequence[Any],
    convert: Callable[[Any], Iterable[IncomingPost]],
    *,
    next_token: object = "",
) -> Page:
    """One listing page: each item converted, or rejected with the reason when it is unusable
    (one bad item never costs the others)."""
    posts: list[IncomingPost] = []
    rejected: list[Rejection] = []
    for item in items:
        try:
            posts.extend(convert(item))
        except InvalidItem as error:
            rejected.append(Rejection(str(error), repr(item)[:200]))
    return Page(
        posts,
        next_token=next_token if isinstance(next_token, str) else "",
        rejected=rejected,
        seen=len(items),
    )


def time_key(post: IncomingPost) -> str:
    return post.created_at.isoformat()


def walk_newest_first(
    *,
    key: str,
    state: dict[str, Any],
    fetch: Callable[[str, str], Page],
    order: Callable[[IncomingPost], str] = time_key,
    max_pages: int = 20,
    first_pages: int = 1,
) -> Iterator[Batch]:
    """`fetch(page_token, watermark)` returns one page; `state` is the whole cursor, updated in
    place (other listings' entries and meters included) and copied into every batch."""
    current = state.get(key) if isinstance(state.get(key), dict) else {}
    assert isinstance(current, dict)
    watermark = str(current.get("watermark", ""))
    walk = current.get("walk") if isinstance(current.get("walk"), dict) else {}
    assert isinstance(walk, dict)
    token = str(walk.get("token", ""))
    newest = str(walk.get("newest", ""))
    limit = max_pages if watermark else max(1, first_pages)
    for page_number in range(limit):
        page = fetch(token, watermark)
        keys = [order(post) for post in page.posts]
        reached = bool(watermark) and any(k <= watermark for k in keys)
        fresh = [
            p for p, k in zip(page.posts, keys, strict=True) if not watermark or k >= watermark
        ]
        newest = max([newest, *keys]) if keys else newest
        finished = reached or not page.next_token or not page.seen or page_number + 1 == limit
        if finished:
            state[key] = {"watermark": max(newest, watermark)}
        else:
            state[key] = {
                "watermark": watermark,
                "walk": {"token": page.next_token, "newest": newest},
            }
            token = page.next_token
        yield Batch(fresh, cursor=_copy(state), rejected=list(page.rejected))
        if finished:
            return


def _copy(state: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, dict) else v for k, v in state.items()}


def cursor_state(cursor: Any) -> dict[str, Any]:
    """A mutable copy of a stored cursor (anything unexpected in it is dropped)."""
    if not isinstance(cursor, Mapping):
        return {}
    return {str(k): dict(v) for k, v in cursor.items() if isinstance(v, Mapping)}
