"""Fuzz the API of a live instance with schemathesis, once per role, and fail on any server
error or response that does not match the schema.

A throw-away instance: SQLite in a temporary directory, the demo organisation, gunicorn on a free
loopback port; it is stopped at the end whatever happens. Usage (see `make fuzz-api`):

    python tools/fuzz_api.py [--examples N] [--roles admin,lead,employee] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_PASSWORD = "fuzz-demo-password-not-secret"  # noqa: S105 (a throw-away instance)
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _environment(data_dir: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_", "REDIS_", "CELERY_", "SOCIALGOV_"))
    }
    env.update(
        SOCIALGOV_DATA_DIR=str(data_dir),
        SOCIALGOV_EMBEDDED="true",
        SOCIALGOV_DEMO_PASSWORD=DEMO_PASSWORD,
        # The fuzzer asks the token endpoint for tokens thousands of times on purpose.
        SOCIALGOV_TOKEN_THROTTLE="100000/min",  # noqa: S106 (not a secret)
        SECRET_KEY="fuzz-only-not-secret",  # noqa: S106 (a throw-away instance)
        DEBUG="false",
        LOG_LEVEL="WARNING",
    )
    return env


def _prepare(env: dict[str, str]) -> None:
    socialgov = str(BIN / "socialgov")
    for command in (
        ["migrate", "--no-input", "--verbosity", "0"],
        ["createcachetable"],
        ["library", "load"],
        ["demo"],
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


def _token(base: str, username: str) -> str:
    body = json.dumps({"username": username, "password": DEMO_PASSWORD}).encode()
    request = urllib.request.Request(  # noqa: S310 (loopback)
        f"{base}/api/v1/auth/token/", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return str(json.load(response)["token"])


def _fuzz(base: str, role: str, token: str, arguments: argparse.Namespace) -> int:
    print(f"\n=== schemathesis as {role} ===", flush=True)
    command = [
        str(BIN / "schemathesis"),
        "run",
        f"{base}/api/schema/",
        "--checks",
        CHECKS,
        "--header",
        f"Authorization: Token {token}",
        "--seed",
        str(arguments.seed),
        "--max-examples",
        str(arguments.examples),
        "--phases",
        arguments.phases,
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-shrink",
        "--suppress-health-check",
        "all",
    ]
    return subprocess.run(command, cwd=ROOT, check=False).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50, help="cases per operation")
    parser.add_argument("--seed", type=int, default=18)
    parser.add_argument("--roles", default="admin,lead,employee")
    parser.add_argument("--phases", default="examples,coverage,fuzzing")
    arguments = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="socialgov-fuzz-"))
    env = _environment(data_dir)
    server: subprocess.Popen[bytes] | None = None
    results: dict[str, int] = {}
    try:
        _prepare(env)
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
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        _wait_until_up(base, server)
        for role in arguments.roles.split(","):
            results[role] = _fuzz(base, role, _token(base, role), arguments)
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(
        "\n"
        + ", ".join(f"{role}: {'ok' if code == 0 else 'FAILED'}" for role, code in results.items())
    )
    return 0 if results and all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
