"""The eDiscovery search's full-text part, per database: what selectors.archive_search filters
with, and how archive_search_total counts without visiting a million rows.

SQLite: one FTS5 expression holds the words (column `text`) and the filters that have tokens
(column `facets`, migration 0004: channel, platform, kind, year and month), so FTS5 alone finds
the matching items by intersecting posting lists. A rare result is then read row by row; a
common one walks the newest-first index and stops at the page.

PostgreSQL: a stored tsvector with a GIN index (migration 0004); the planner combines it with
the other indexes and chooses between the GIN index and the newest-first walk from the column's
statistics.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, models
from django.db.models.expressions import RawSQL

from socialgov.archive.models import ArchivedItem

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
# The last word is searched as a prefix from this length on: a shorter one ("a", "is") stands
# for thousands of words, each a posting list to merge, and narrows nothing anyway.
MIN_PREFIX = 3
# From this many matches on, walking the newest-first index beats reading every match. On
# SQLite the walk reads the index alone and checks each id against the FTS5 matches; on
# PostgreSQL every row walked is read from the table, so the walk pays only for a search whose
# newest page is close: n matches in a million rows cost 1M/n rows walked per page row
# against n rows read and sorted, even from about 10,000 on.
COMMON_MATCHES = 2_000
POSTGRES_COMMON_MATCHES = 10_000


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    channel_id: int | None = None
    author: str = ""
    platform: str = ""
    kind: str = ""
    start: dt.datetime | None = None
    end: dt.datetime | None = None


def terms(text: str) -> list[str]:
    return WORD.findall(text)[:MAX_TERMS]


def last_is_prefix(words: list[str]) -> bool:
    return bool(words) and len(words[-1]) >= MIN_PREFIX


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _hex(value: str) -> str:
    """As SQLite's lower(hex(value)) spells it: the UTF-8 bytes, so any value is one token."""
    return value.encode().hex()


def _month_start(moment: dt.datetime) -> dt.datetime:
    return moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def _next_month(moment: dt.datetime) -> dt.datetime:
    start = _month_start(moment)
    return (
        start.replace(year=start.year + 1, month=1)
        if start.month == 12
        else start.replace(month=start.month + 1)
    )


def period_tokens(start: dt.datetime, end: dt.datetime) -> list[str]:
    """The facet tokens of the months from `start` to `end`, whole years as one token."""
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    tokens = []
    cursor = _month_start(start)
    while cursor <= end:
        year_end = cursor.replace(year=cursor.year + 1, month=1)
        if cursor.month == 1 and year_end - dt.timedelta(microseconds=1) <= end:
            tokens.append(f"y{cursor.year}")
            cursor = year_end
        else:
            tokens.append(f"m{cursor.year}{cursor.month:02d}")
            cursor = _next_month(cursor)
    return tokens


def starts_a_month(moment: dt.datetime) -> bool:
    moment = moment.astimezone(dt.UTC)
    return moment == _month_start(moment)


def ends_a_month(moment: dt.datetime) -> bool:
    return starts_a_month(moment + dt.timedelta(microseconds=1))


def _published_bounds() -> tuple[dt.datetime, dt.datetime] | None:
    """The first and last publication times, each from one end of the newest-first index (one
    query with both MIN and MAX would read the whole table on SQLite); None when empty."""
    times = ArchivedItem.objects.values_list("published_at", flat=True)
    first, last = times.order_by("published_at").first(), times.order_by("-published_at").first()
    return None if first is None or last is None else (first, last)


@dataclass(frozen=True)
class SqliteQuery:
    """An FTS5 MATCH expression and what it leaves for the rows to check."""

    match: str
    rows_checked: bool  # the author or a period that does not fall on month boundaries


def sqlite_query(filters: SearchFilters) -> SqliteQuery | None:
    """The FTS5 expression for `filters`, None when there is nothing for FTS5 to find."""
    parts = []
    words = terms(filters.text)
    if words:
        star = "*" if last_is_prefix(words) else ""
        parts.append("text : (" + " ".join(_quoted(word) for word in words) + star + ")")
    if filters.channel_id is not None:
        parts.append(f'facets : "c{int(filters.channel_id)}"')
    if filters.platform:
        parts.append(f'facets : "p{_hex(filters.platform)}"')
    if filters.kind:
        parts.append(f'facets : "k{_hex(filters.kind)}"')
    exact = True
    if filters.start is not None or filters.end is not None:
        bounds = _published_bounds()
        if bounds is None:
            return SqliteQuery('facets : "none"', rows_checked=False)  # an empty archive
        first, last = bounds
        start = max(filters.start or first, first)
        end = min(filters.end or last, last)
        if start > end:
            return SqliteQuery('facets : "none"', rows_checked=False)
        # The months say exactly what the period does when it starts and ends on a month's
        # edge, or beyond the archive's first and last item.
        exact = (start == first or starts_a_month(start)) and (end == last or ends_a_month(end))
        if start > first or end < last:
            tokens = period_tokens(start, end)
            parts.append("facets : (" + " OR ".join(_quoted(t) for t in tokens) + ")")
    if not parts:
        return None
    return SqliteQuery(" AND ".join(parts), rows_checked=bool(filters.author) or not exact)


def sqlite_count(match: str, limit: int) -> int:
    """How many items FTS5 matches, up to `limit`, from the index alone."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT rowid FROM archive_item_fts "
            "WHERE archive_item_fts MATCH %s LIMIT %s)",
            [match, limit],
        )
        found: int = cursor.fetchone()[0]
    return found


def sqlite_condition(match: str, *, walk_newest: bool) -> RawSQL:
    """`id IN (FTS5 matches)`. With `walk_newest` the `+` stops SQLite from driving the query
    by the matches (looking each one up and sorting them all before the first page): it walks
    the newest-first index instead, checks each id against the matches, and stops at the page."""
    if walk_newest:
        return RawSQL(
            "+archive_archiveditem.id IN (SELECT rowid FROM archive_item_fts "
            "WHERE archive_item_fts MATCH %s)",
            [match],
            output_field=models.BooleanField(),
        )
    return RawSQL(
        "archive_archiveditem.id IN (SELECT rowid FROM archive_item_fts "
        "WHERE archive_item_fts MATCH %s)",
        [match],
        output_field=models.BooleanField(),
    )


def postgres_condition(text: str, *, walk_newest: bool = False) -> RawSQL | None:
    """Every word (the last one as a prefix) in the stored tsvector, None without words.

    With `walk_newest` the match is the operator's function, which no index serves: the planner
    guesses a word in every third row and walks the newest-first index to the page. It cannot
    know that itself: it has no statistics for a prefix and guesses a thousand matches, then
    reads and sorts all 20,000 items of a common one to list the newest 100."""
    words = terms(text)
    if not words:
        return None
    query = " & ".join([*words[:-1], words[-1] + (":*" if last_is_prefix(words) else "")])
    if walk_newest:
        return RawSQL(
            "ts_match_vq(archive_archiveditem.search_text, to_tsquery('simple', %s))",
            [query],
            output_field=models.BooleanField(),
        )
    return RawSQL(
        "archive_archiveditem.search_text @@ to_tsquery('simple', %s)",
        [query],
        output_field=models.BooleanField(),
    )
