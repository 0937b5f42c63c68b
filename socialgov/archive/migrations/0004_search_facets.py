"""eDiscovery search that stays fast at a million items (issue 16).

SQLite: the FTS5 index also holds each item's filters as tokens in a second column, `facets`
(channel, platform, kind, year and month of publication), so a search for a word on one channel
or platform is one intersection of two posting lists inside FTS5, instead of a lookup of every
row that has the word to check its channel. Its content is a view over the items, so FTS5 can
rebuild itself from the rows; triggers keep it in step with every column the facets read. A
prefix index of three letters spares merging the posting lists of every word that starts with
the same three letters.

PostgreSQL: the tsvector is a stored generated column with its GIN index, instead of an index
on an expression that every row the planner checks had to compute again (`to_tsvector` per
row walked by the newest-first index, for a count or a page).
"""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def facets_sql(row: str) -> str:
    """The facet tokens of a row (`new`, `old` or the table itself), as search.py spells them:
    platform and kind hex-encoded so any value is one token."""
    return (
        f"'c' || coalesce({row}.channel_id, 0)"
        f" || ' p' || lower(hex({row}.platform))"
        f" || ' k' || lower(hex({row}.kind))"
        f" || ' y' || strftime('%Y', {row}.published_at)"
        f" || ' m' || strftime('%Y%m', {row}.published_at)"
    )


WATCHED = "text, channel_id, platform, kind, published_at"

SQLITE = [
    "DROP TRIGGER IF EXISTS archive_item_fts_au",
    "DROP TRIGGER IF EXISTS archive_item_fts_ad",
    "DROP TRIGGER IF EXISTS archive_item_fts_ai",
    "DROP TABLE IF EXISTS archive_item_fts",
    "CREATE VIEW archive_item_search_source AS SELECT id, text, "
    f"{facets_sql('archive_archiveditem')} AS facets FROM archive_archiveditem",
    "CREATE VIRTUAL TABLE archive_item_fts USING fts5(text, facets, "
    "content='archive_item_search_source', content_rowid='id', prefix='3', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_item_fts_ai AFTER INSERT ON archive_archiveditem BEGIN "
    f"INSERT INTO archive_item_fts(rowid, text, facets) VALUES (new.id, new.text, "
    f"{facets_sql('new')}); END",
    "CREATE TRIGGER archive_item_fts_ad AFTER DELETE ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(archive_item_fts, rowid, text, facets) VALUES "
    f"('delete', old.id, old.text, {facets_sql('old')}); END",
    f"CREATE TRIGGER archive_item_fts_au AFTER UPDATE OF {WATCHED} ON archive_archiveditem "
    "BEGIN INSERT INTO archive_item_fts(archive_item_fts, rowid, text, facets) VALUES "
    f"('delete', old.id, old.text, {facets_sql('old')}); "
    "INSERT INTO archive_item_fts(rowid, text, facets) VALUES "
    f"(new.id, new.text, {facets_sql('new')}); END",
    "INSERT INTO archive_item_fts(archive_item_fts) VALUES ('rebuild')",
]
# Back to migration 0002's table and triggers.
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS archive_item_fts_au",
    "DROP TRIGGER IF EXISTS archive_item_fts_ad",
    "DROP TRIGGER IF EXISTS archive_item_fts_ai",
    "DROP TABLE IF EXISTS archive_item_fts",
    "DROP VIEW IF EXISTS archive_item_search_source",
    "CREATE VIRTUAL TABLE archive_item_fts USING fts5(text, content='archive_archiveditem', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_item_fts_ai AFTER INSERT ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER archive_item_fts_ad AFTER DELETE ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(archive_item_fts, rowid, text) VALUES "
    "('delete', old.id, old.text); END",
    "CREATE TRIGGER archive_item_fts_au AFTER UPDATE OF text ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(archive_item_fts, rowid, text) VALUES "
    "('delete', old.id, old.text); "
    "INSERT INTO archive_item_fts(rowid, text) VALUES (new.id, new.text); END",
    "INSERT INTO archive_item_fts(archive_item_fts) VALUES ('rebuild')",
]
POSTGRES = [
    "ALTER TABLE archive_archiveditem ADD COLUMN search_text tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED",
    "CREATE INDEX archive_item_search_text ON archive_archiveditem USING gin (search_text)",
    "DROP INDEX IF EXISTS archive_item_text_fts",
    "CREATE INDEX archive_item_platform ON archive_archiveditem (platform, published_at)",
    # Without statistics on the new column the planner guesses how many items a word matches,
    # and walks a million rows newest first for a word that is in ten of them.
    "ANALYZE archive_archiveditem",
]
POSTGRES_UNDO = [
    "DROP INDEX IF EXISTS archive_item_platform",
    "CREATE INDEX archive_item_text_fts ON archive_archiveditem "
    "USING gin (to_tsvector('simple', text))",
    "ALTER TABLE archive_archiveditem DROP COLUMN search_text",
]


def _run(schema_editor: BaseDatabaseSchemaEditor, sqlite: list[str], postgres: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite, "postgresql": postgres}.get(vendor, []):
        schema_editor.execute(statement, params=None)  # strftime's % stays as written


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE, POSTGRES)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE_UNDO, POSTGRES_UNDO)


class Migration(migrations.Migration):
    dependencies = [("archive", "0003_newest_first_index")]
    operations = [migrations.RunPython(forwards, backwards)]
