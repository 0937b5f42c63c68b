"""A throw-away live instance for the tools that drive the product from outside (the API
fuzzer, the README screenshots): SQLite in a temporary directory, the shipped library and the
demo organisation, gunicorn on a free loopback port, stopped at the end whatever happens."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "live-demo-password-not-secret"  # noqa: S105 (a throw-away instance)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "CELERY_", "SOCIALGOV_"))
    }
    env.update(
        SOCIALGOV_DATA_DIR=str(data_dir),
        SOCIALGOV_EMBEDDED="true",
        SOCIALGOV_DEMO_PASSWORD=DEMO_PASSWORD,
        SECRET_KEY="live-instance-only-not-secret",  # noqa: S106 (a throw-away instance)
        DEBUG="false",
        LOG_LEVEL="WARNING",
        **extra,
    )
    return env


def _prepare(env: dict[str, str], commands: list[list[str]]) -> None:
    socialgov = str(BIN / "socialgov")
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["createcachetable"],
        ["collectstatic", "--no-input", "--verbosity", "0"],
        ["library", "load"],
        ["demo"],
        *commands,
    ):
        subprocess.run(
            [socialgov, *command], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
        )


def _wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(120):
        if server.poll() is not None:
            raise SystemExit("the server stopped before it answered")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):  # noqa: S310 (loopback)
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not answer within a minute")


@contextmanager
def live_instance(
    *, env: dict[str, str] | None = None, commands: list[list[str]] | None = None
) -> Iterator[str]:
    """The base URL of a fresh instance with the demo data (after `commands`, run as
    `socialgov …` before the server starts); removed again on exit."""
    data_dir = Path(tempfile.mkdtemp(prefix="socialgov-live-"))
    environment = _environment(data_dir, env or {})
    server: subprocess.Popen[bytes] | None = None
    try:
        _prepare(environment, commands or [])
        base = f"http://127.0.0.1:{_free_port()}"
        server = subprocess.Popen(
            [
                str(BIN / "gunicorn"),
                "config.wsgi",
                "--bind",
                base.removeprefix("http://"),
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            env=environment,
            cwd=ROOT,
            start_new_session=True,
        )
        _wait_until_up(base, server)
        yield base
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)
