"""Reads on the archive: holds as filters (for the archive's own purge and monitoring's), and
the eDiscovery search: full text through SQLite FTS5 or PostgreSQL's text search."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, models
from django.db.models.expressions import RawSQL

from socialgov.archive.models import ArchivedItem, LegalHold
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
# A search counts and exports at most this many items: counting every match of a common word in
# millions of items would take seconds, and nobody reviews more than this in one result set.
RESULT_LIMIT = 10_000


def legal_hold_list(*, user: AnyUser, active_only: bool = False) -> models.QuerySet[LegalHold]:
    holds = permissions.visible(user, LegalHold.objects.select_related("channel", "created_by"))
    return holds.filter(released_at__isnull=True) if active_only else holds


def legal_hold_get(*, user: AnyUser, pk: int) -> LegalHold:
    return legal_hold_list(user=user).get(pk=pk)


def _hold_q(hold: LegalHold, *, channel: str, author: str, published: str, text: str) -> models.Q:
    query = models.Q()
    if hold.channel_id is not None:
        query &= models.Q(**{channel: hold.channel_id})
    if hold.author:
        query &= models.Q(**{f"{author}__iexact": hold.author})
    if hold.period_start is not None:
        query &= models.Q(**{f"{published}__gte": hold.period_start})
    if hold.period_end is not None:
        query &= models.Q(**{f"{published}__lte": hold.period_end})
    if hold.query:
        query &= models.Q(**{f"{text}__icontains": hold.query})
    return query


def _any_hold(**fields: str) -> models.Q:
    held = models.Q(pk__in=[])
    for hold in LegalHold.objects.filter(released_at__isnull=True):
        held |= _hold_q(hold, **fields)
    return held


def held_q() -> models.Q:
    """Archived items under at least one active hold."""
    return _any_hold(channel="channel_id", author="author", published="published_at", text="text")


def held_post_ids() -> models.QuerySet[models.Model]:
    """Ids of monitoring posts under an active hold, for the monitoring purge to exclude:
    ``expired.exclude(pk__in=held_post_ids())``."""
    from socialgov.monitoring.models import Post

    held = _any_hold(
        channel="channel_id", author="author__handle", published="published_at", text="text"
    )
    return Post.objects.filter(held).values("pk")  # type: ignore[return-value]


def is_held(item: ArchivedItem) -> bool:
    return ArchivedItem.objects.filter(held_q(), pk=item.pk).exists()


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    channel_id: int | None = None
    author: str = ""
    platform: str = ""
    kind: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def _terms(text: str) -> list[str]:
    return WORD.findall(text)[:MAX_TERMS]


def full_text(items: models.QuerySet[ArchivedItem], text: str) -> models.QuerySet[ArchivedItem]:
    """Items whose text holds every word of `text` (prefix match on the last word)."""
    terms = _terms(text)
    if not terms:
        return items
    if connection.vendor == "postgresql":
        query = " & ".join(
            f"{term}:*" if i == len(terms) - 1 else term for i, term in enumerate(terms)
        )
        # A condition on the row itself, not `id IN (…)`: the planner can then walk the
        # newest-first index and stop at the first page for a common word, or take the GIN
        # index (migration 0002) for a rare one.
        return items.filter(
            RawSQL(
                "to_tsvector('simple', archive_archiveditem.text) @@ to_tsquery('simple', %s)",
                [query],
                output_field=models.BooleanField(),
            )
        )
    if connection.vendor == "sqlite":
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms) + "*"
        return items.filter(
            pk__in=RawSQL(
                "SELECT rowid FROM archive_item_fts WHERE archive_item_fts MATCH %s", [match]
            )
        )
    for term in terms:
        items = items.filter(text__icontains=term)
    return items


def archive_search_total(items: models.QuerySet[ArchivedItem]) -> tuple[int, bool]:
    """How many items a search found, counted up to RESULT_LIMIT; True when there are more."""
    found = items.order_by()[: RESULT_LIMIT + 1].count()
    return min(found, RESULT_LIMIT), found > RESULT_LIMIT


def archive_search(*, user: AnyUser, filters: SearchFilters) -> models.QuerySet[ArchivedItem]:
    items = permissions.visible(user, ArchivedItem.objects.select_related("channel"))
    if filters.channel_id is not None:
        items = items.filter(channel_id=filters.channel_id)
    if filters.author:
        items = items.filter(author__iexact=filters.author)
    if filters.platform:
        items = items.filter(platform=filters.platform)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    if filters.start is not None:
        items = items.filter(published_at__gte=filters.start)
    if filters.end is not None:
        items = items.filter(published_at__lte=filters.end)
    return full_text(items, filters.text).order_by("-published_at", "-id")
