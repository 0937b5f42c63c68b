"""Fuzz the API of a live instance with schemathesis, once per role, and fail on any server
error or response that does not match the schema.

A throw-away instance (tools/live_instance.py): SQLite in a temporary directory, the demo
organisation, gunicorn on a free loopback port; it is stopped at the end whatever happens.
Usage (see `make fuzz-api`):

    python tools/fuzz_api.py [--examples N] [--roles admin,lead,employee] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from live_instance import BIN, DEMO_PASSWORD, ROOT, live_instance

CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance"
# The fuzzer asks the token endpoint for tokens thousands of times on purpose.
FUZZ_ENV = {"SOCIALGOV_TOKEN_THROTTLE": "100000/min"}


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

    results: dict[str, int] = {}
    with live_instance(env=FUZZ_ENV) as base:
        for role in arguments.roles.split(","):
            results[role] = _fuzz(base, role, _token(base, role), arguments)
    print(
        "\n"
        + ", ".join(f"{role}: {'ok' if code == 0 else 'FAILED'}" for role, code in results.items())
    )
    return 0 if results and all(code == 0 for code in results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
