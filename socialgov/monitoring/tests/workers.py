"""Real worker processes for the scale and crash tests: `socialgov` commands in subprocesses
on a SQLite file of their own, or on the PostgreSQL test database of this run (the test then
uses `transactional_db`, so what it writes is committed and the workers see it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

POSTS_SETUP = """
import datetime as dt
from socialgov.monitoring.models import Post
now = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
Post.objects.bulk_create(
    Post(platform="x", external_id=f"p{n}", text=f"post {n}, write to a{n}@example.org",
         published_at=now, kind="other", content_hash=f"{n:064d}")
    for n in range(%d)
)
"""


def live_database_url() -> str:
    """The address of the database this test run uses (PostgreSQL only)."""
    settings = connection.settings_dict
    assert connection.vendor == "postgresql"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def worker_env(data_dir: Path, database_url: str = "", **extra: str) -> dict[str, str]:
    """This environment without its database and broker, on `data_dir`; `extra` may override
    any of it (the import folders, the log level)."""
    drop = ("DATABASE_URL", "CELERY_BROKER_URL")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(
        SOCIALGOV_DATA_DIR=str(data_dir),
        SOCIALGOV_IMPORT_DIRS=str(data_dir.parent),
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="ERROR",
    )
    env.update(extra)
    if database_url:
        env.update(DATABASE_URL=database_url, SECRET_KEY="test-only-workers")
    return env


def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "socialgov.cli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def run(env: dict[str, str], *args: str) -> None:
    process = start(env, *args)
    _out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode()[-2000:]


def prepare(env: dict[str, str], setup: str) -> None:
    """Migrate a SQLite file (the PostgreSQL test database is migrated already), then run
    `setup` in the Django shell."""
    if "DATABASE_URL" not in env:
        run(env, "migrate", "--no-input", "-v", "0")
    run(env, "shell", "-c", setup)
