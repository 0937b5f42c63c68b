from __future__ import annotations

import importlib
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: Any) -> None:
    """Pages link their CSS through the manifest storage, which needs `collectstatic`."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _timeline_triggers(request: pytest.FixtureRequest) -> object:
    """As the root conftest does for the audit log: keep SQLite's append-only timeline triggers,
    except while Django empties the database after a transactional test (with DELETE)."""
    names = request.fixturenames
    if "db" not in names and "transactional_db" not in names and "live_server" not in names:
        yield
        return
    request.getfixturevalue("transactional_db" if "transactional_db" in names else "db")
    from django.db import connection

    migration = importlib.import_module("socialgov.incidents.migrations.0002_timeline_append_only")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for statement in migration.SQLITE:
                cursor.execute(statement)
    yield
    if connection.vendor == "sqlite" and "transactional_db" in names:
        with connection.cursor() as cursor:
            for statement in migration.SQLITE_REVERSE:
                cursor.execute(statement)
