"""Full-text search over archived text: an FTS5 table kept in step by triggers on SQLite, a GIN
expression index on PostgreSQL."""

from __future__ import annotations

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

SQLITE = [
    "CREATE VIRTUAL TABLE archive_item_fts USING fts5(text, content='archive_archiveditem', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER archive_item_fts_ai AFTER INSERT ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(rowid, text) VALUES (new.id, new.text); END",
    "CREATE TRIGGER archive_item_fts_ad AFTER DELETE ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(archive_item_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
    "CREATE TRIGGER archive_item_fts_au AFTER UPDATE OF text ON archive_archiveditem BEGIN "
    "INSERT INTO archive_item_fts(archive_item_fts, rowid, text) VALUES ('delete', old.id, old.text); "
    "INSERT INTO archive_item_fts(rowid, text) VALUES (new.id, new.text); END",
]
SQLITE_UNDO = [
    "DROP TRIGGER IF EXISTS archive_item_fts_au",
    "DROP TRIGGER IF EXISTS archive_item_fts_ad",
    "DROP TRIGGER IF EXISTS archive_item_fts_ai",
    "DROP TABLE IF EXISTS archive_item_fts",
]
POSTGRES = [
    "CREATE INDEX archive_item_text_fts ON archive_archiveditem "
    "USING gin (to_tsvector('simple', text))"
]
POSTGRES_UNDO = ["DROP INDEX IF EXISTS archive_item_text_fts"]


def _run(schema_editor: BaseDatabaseSchemaEditor, sqlite: list[str], postgres: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": sqlite, "postgresql": postgres}.get(vendor, []):
        schema_editor.execute(statement)


def forwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE, POSTGRES)


def backwards(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, SQLITE_UNDO, POSTGRES_UNDO)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
