"""What the bench scripts share: `socialgov` in a child process on a database of its own, the
percentile they report, and the Markdown table they print.

Nothing here imports Django: the scripts that run in-process set it up themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOCIALGOV = [sys.executable, "-m", "socialgov.cli"]
# For a child that runs `socialgov demo`: its users' password, and mail kept in memory.
DEMO = {
    "SOCIALGOV_DEMO_PASSWORD": "bench-only-password",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
}


def child_env(
    data_dir: str, *, without: Sequence[str] = ("DATABASE_URL",), **extra: str
) -> dict[str, str]:
    """This process's environment minus `without`, with a data folder (and so a fresh SQLite
    database) of its own, a fresh secrets key and quiet logs."""
    from cryptography.fernet import Fernet

    return {
        **{name: value for name, value in os.environ.items() if name not in without},
        "SOCIALGOV_DATA_DIR": data_dir,
        "SOCIALGOV_SECRETS_KEY": Fernet.generate_key().decode(),
        "LOG_LEVEL": "ERROR",
        **extra,
    }


def on_postgres(env: dict[str, str], database_url: str) -> dict[str, str]:
    """`env` pointed at a PostgreSQL database, still run as one embedded process."""
    return {
        **env,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only",
        "SOCIALGOV_EMBEDDED": "1",
    }


def socialgov(env: dict[str, str], *args: str) -> str:
    """Runs `socialgov <args>` in a child process; its standard output."""
    done = subprocess.run(
        [*SOCIALGOV, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout


def percentile(values: Iterable[float], share: float) -> float:
    """The value `share` of the way up the sorted values (as `socialgov replay` reports it)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def table_head(*headers: str) -> None:
    print(" | ".join(headers))
    print(" | ".join("---" for _ in headers))


def table_row(*cells: object) -> None:
    print(" | ".join(str(cell) for cell in cells))


def busy_cpu_seconds() -> float:
    """CPU seconds the whole machine has spent busy since boot (Linux `/proc/stat`): the
    database server and the broker work for the benchmark too, on the same cores."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle and iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")
