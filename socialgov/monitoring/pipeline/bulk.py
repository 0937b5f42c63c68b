"""Bulk writes of the pipeline in raw SQL on both databases: Django's bulk_create and
bulk_update compile every value of every row through the ORM, which costs more than the
writes themselves at thousands of rows a second."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone


def update_rows(
    model: type[models.Model], rows: Sequence[models.Model], fields: Sequence[str]
) -> None:
    """UPDATE … WHERE id = … for many rows in one executemany: Django's bulk_update builds one
    CASE expression per field and row, which costs more than the write itself."""
    if not rows:
        return
    meta = model._meta
    columns: list[Any] = [meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{connection.ops.quote_name(field.column)} = %s" for field in columns)
    # Only quoted names from the model's own metadata go into the text; values are parameters.
    table = connection.ops.quote_name(meta.db_table)
    assert meta.pk is not None and meta.pk.column is not None
    key = connection.ops.quote_name(meta.pk.column)
    sql = f"UPDATE {table} SET {assignments} WHERE {key} = %s"  # noqa: S608
    prepare = [_preparer(field) for field in columns]
    params = [
        [
            getattr(row, field.attname) if prep is None else prep(getattr(row, field.attname))
            for field, prep in zip(columns, prepare, strict=True)
        ]
        + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def insert_rows(model: type[models.Model], rows: Sequence[models.Model]) -> None:
    """INSERT … ON CONFLICT DO NOTHING for many rows in one executemany (SQLite and
    PostgreSQL): a row that is already there (a retry, a concurrent worker) is skipped. Django's
    bulk_create compiles every value of every row through the ORM, the costliest step of intake."""
    if not rows:
        return
    meta = model._meta
    fields: list[Any] = [
        field for field in meta.concrete_fields if not getattr(field, "primary_key", False)
    ]
    now = timezone.now()
    stamped = [
        f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]
    prepare = [_preparer(field) for field in fields]
    params = []
    for row in rows:
        for field in stamped:
            if getattr(row, field.attname) is None:
                setattr(row, field.attname, now)
        values = []
        for field, prep in zip(fields, prepare, strict=True):
            value = getattr(row, field.attname)
            values.append(value if prep is None else prep(value))
        params.append(values)
    _insert_ignoring_conflicts(meta.db_table, [field.column for field in fields], params)


# Plain text and numbers go to the driver as they are.
_PLAIN = (models.CharField, models.TextField, models.IntegerField, models.FloatField,
          models.BooleanField, models.ForeignKey)  # fmt: skip


def _preparer(field: Any) -> Callable[[Any], Any] | None:
    """How one column's values are made ready for the driver; None when they go as they are.
    Aware datetimes and JSON skip the field's generic path (conversion checks, a lookup of
    the connection per value): that path cost more than the insert itself."""
    if isinstance(field, _PLAIN):
        return None
    # The connection's own object, not the per-thread proxy: looked up once per batch.
    ops = connection.ops

    def through_field(value: Any) -> Any:
        return field.get_db_prep_save(value, connection)

    if isinstance(field, models.DateTimeField):
        adapt = ops.adapt_datetimefield_value

        def datetime_value(value: Any) -> Any:
            if isinstance(value, dt.datetime) and value.tzinfo is not None:
                return adapt(value)
            return through_field(value)  # naive, a date, an expression: as Django does it

        return datetime_value
    if isinstance(field, models.JSONField) and type(field).get_db_prep_value is (
        models.JSONField.get_db_prep_value
    ):
        adapt_json, encoder = ops.adapt_json_value, field.encoder

        def json_value(value: Any) -> Any:
            if value is None:
                return None
            if isinstance(value, (dict, list, str, int, float)):
                return adapt_json(value, encoder)
            return through_field(value)  # an expression or a lazy string: as Django does it

        return json_value
    return through_field


def _insert_ignoring_conflicts(table: str, columns: list[str], params: list[list[Any]]) -> None:
    """On PostgreSQL the rows are copied (COPY) into a private staging table and inserted from
    there in one statement: an executemany is a statement per row there, and a multi-row
    VALUES list costs the driver more to parse than the database to run. SQLite runs in this
    process, where executemany of one prepared statement is the fastest path."""
    if connection.vendor == "postgresql":
        # The staging rows are deleted on commit, which in autocommit is after each statement.
        with transaction.atomic(savepoint=False):
            _copy_ignoring_conflicts(table, columns, params)
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Only quoted names from the model's own metadata go into the text; values are parameters.
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _copy_ignoring_conflicts(table: str, columns: list[str], params: list[list[Any]]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    target, staging = quote(table), quote(f"staging_{table}")
    # Only quoted names from the model's own metadata go into the text; values are copied.
    with connection.cursor() as cursor:
        # Once per session; only the columns copied, none of the constraints.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {staging} ON COMMIT DELETE ROWS AS "  # noqa: S608
            f"SELECT {names} FROM {target} WITH NO DATA"
        )
        with cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in params:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {target} ({names}) SELECT {names} FROM {staging} "  # noqa: S608
            "ON CONFLICT DO NOTHING"
        )
        cursor.execute(f"DELETE FROM {staging}")  # noqa: S608
