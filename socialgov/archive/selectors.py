"""Reads on the archive: holds as filters (for the archive's own purge and monitoring's), and
the eDiscovery search: full text through SQLite FTS5 or PostgreSQL's text search."""

from __future__ import annotations

from django.db import connection, models

from socialgov.archive import access, search
from socialgov.archive.models import ArchivedItem, LegalHold
from socialgov.archive.search import SearchFilters as SearchFilters  # the search's input
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser

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


def _filtered(
    items: models.QuerySet[ArchivedItem], filters: SearchFilters, *, facets: bool
) -> models.QuerySet[ArchivedItem]:
    """The filters as conditions on the rows; with `facets` (SQLite) FTS5 already applied the
    channel, platform and kind, and the rows are checked for the rest only."""
    if not facets:
        if filters.channel_id is not None:
            items = items.filter(channel_id=filters.channel_id)
        if filters.platform:
            items = items.filter(platform=filters.platform)
        if filters.kind:
            items = items.filter(kind=filters.kind)
    if filters.author:
        items = items.filter(author__iexact=filters.author)
    if filters.start is not None:
        items = items.filter(published_at__gte=filters.start)
    if filters.end is not None:
        items = items.filter(published_at__lte=filters.end)
    return items


def _matching(
    user: AnyUser, filters: SearchFilters, *, matches: int | None = None, for_count: bool = False
) -> models.QuerySet[ArchivedItem]:
    """The matching items; `matches` (the total, when known) says whether a page walks the
    newest-first index (a common search) or reads every match and sorts them (a rare one)."""
    items = permissions.visible(user, ArchivedItem.objects.select_related("channel"))
    if connection.vendor == "sqlite":
        query = search.sqlite_query(filters)
        if query is None:
            return _filtered(items, filters, facets=True)
        if matches is None and not for_count:
            matches = search.sqlite_count(query.match, search.COMMON_MATCHES)
        walk = not for_count and (matches or 0) >= search.COMMON_MATCHES
        items = items.filter(search.sqlite_condition(query.match, walk_newest=walk))
        return _filtered(items, filters, facets=True)
    items = _filtered(items, filters, facets=False)
    if connection.vendor == "postgresql":
        condition = search.postgres_condition(filters.text)
        if condition is None:
            return items
        items_by_index = items.filter(condition)
        if for_count:
            return items_by_index
        if matches is None:
            matches = items_by_index.order_by()[: search.POSTGRES_COMMON_MATCHES].count()
        if matches < search.POSTGRES_COMMON_MATCHES:
            return items_by_index
        return items.filter(search.postgres_condition(filters.text, walk_newest=True))
    for term in search.terms(filters.text):
        items = items.filter(text__icontains=term)
    return items


def archive_search(
    *, user: AnyUser, filters: SearchFilters, total: int | None = None
) -> models.QuerySet[ArchivedItem]:
    """The items matching `filters`, newest first: every word of the text (a prefix for the
    last one from three letters on), on the channel, author, platform, kind and period given.
    `total`, from archive_search_total, spares estimating how common the search is."""
    return _matching(user, filters, matches=total).order_by("-published_at", "-id")


def archive_search_total(*, user: AnyUser, filters: SearchFilters) -> tuple[int, bool]:
    """How many items a search finds, counted up to RESULT_LIMIT; True when there are more.
    On SQLite FTS5 counts alone when the rows have nothing left to check."""
    if connection.vendor == "sqlite" and access.can_search(user):
        query = search.sqlite_query(filters)
        if query is not None and not query.rows_checked:
            found = search.sqlite_count(query.match, RESULT_LIMIT + 1)
            return min(found, RESULT_LIMIT), found > RESULT_LIMIT
    items = _matching(user, filters, for_count=True).order_by()
    found = items[: RESULT_LIMIT + 1].count()
    return min(found, RESULT_LIMIT), found > RESULT_LIMIT
