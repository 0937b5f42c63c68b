"""A publishing worker killed (SIGKILL) while its request is at the platform: the stored state
says the draft is being published, a second run sends nothing, and once the claim is stale
the draft is failed with a message asking to check the platform. Published at most once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SETUP = """
import datetime as dt
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from socialgov.channels.models import Channel
from socialgov.channels.services import channel_register
from socialgov.core.models import Person, Role, RoleAssignment, ScopeType, User
from socialgov.monitoring.services import connector_create
from socialgov.publishing import services
from socialgov.publishing.models import PublishingPolicy
people = [Person.objects.create(employee_id=f"E{n}", first_name="P", last_name=str(n),
          email=f"p{n}@example.org") for n in (1, 2)]
owner = User.objects.create_user("owner", password="x-long-password", person=people[0])
cm = User.objects.create_user("cm", password="x-long-password", person=people[1])
channel = channel_register(actor=None, owner=people[0], platform="mastodon",
    handle="mosa@mastodon.example", purpose="customer_service", audience="external",
    status="active")
RoleAssignment.objects.create(user=cm, role=Role.COMMUNITY_MANAGER, scope_type=ScopeType.OBJECT,
    content_type=ContentType.objects.get_for_model(Channel), object_id=channel.pk)
PublishingPolicy.objects.create(channel=channel, language="nl", max_length=500)
connector_create(actor=None, name="mosa", kind="mastodon", channel=channel,
    config={"server": %r, "notifications": True}, secrets={"access_token": "tok"})
draft = services.draft_create(actor=cm, channel=channel, language="nl",
    text="Bedankt voor uw bericht, wij helpen u graag verder.",
    scheduled_at=timezone.now() - dt.timedelta(minutes=1))
services.draft_approve(actor=owner, draft=services.draft_submit(actor=cm, draft=draft))
"""


@contextmanager
def platform_that_never_answers() -> Iterator[tuple[str, list[str]]]:
    """A Mastodon that takes the status and keeps the connection open without an answer."""
    seen: list[str] = []
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen.append(f"{self.path} {self.rfile.read(length).decode()}")
            release.wait(60)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        release.set()
        server.shutdown()


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env.update(
        SOCIALGOV_DATA_DIR=str(data_dir),
        SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS="127.0.0.1/32",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="CRITICAL",
    )
    return env


def _run(data_dir: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "socialgov.cli", *args],
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _draft(data_dir: Path) -> tuple[str, str]:
    with sqlite3.connect(data_dir / "socialgov.sqlite3") as db:
        row = db.execute("SELECT state, last_error FROM publishing_draft").fetchone()
    return str(row[0]), str(row[1])


@pytest.mark.slow_subprocess
def test_a_worker_killed_during_the_send_publishes_at_most_once(tmp_path: Path) -> None:
    with platform_that_never_answers() as (base, seen):
        _run(tmp_path, "migrate", "--no-input", "-v", "0")
        _run(tmp_path, "shell", "-c", SETUP % base)
        worker = subprocess.Popen(
            [sys.executable, "-m", "socialgov.cli", "publish_due"],
            env=_env(tmp_path),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 120
        while not seen and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)  # the status is at the platform, unanswered
        worker.wait(timeout=30)
        assert len(seen) == 1, worker.stderr.read().decode()[-2000:] if worker.stderr else ""
        assert seen[0].startswith("/api/v1/statuses ")
        assert json.loads(seen[0].split(" ", 1)[1])["status"].startswith("Bedankt")
        assert _draft(tmp_path)[0] == "publishing"  # the stored state says what happened

        assert "'recovered': 0" in _run(tmp_path, "publish_due")  # too soon: left alone
        with sqlite3.connect(tmp_path / "socialgov.sqlite3") as db:  # the claim grows stale
            db.execute("UPDATE publishing_draft SET claimed_at = datetime('now', '-1 hour')")
        assert "'recovered': 1" in _run(tmp_path, "publish_due")
        state, error = _draft(tmp_path)
        assert len(seen) == 1  # never sent a second time
    assert state == "failed" and "between claim and send" in error
