"""Benchmark: posts from a JSONL file to stored posts, findings and alerts, on SQLite and on
PostgreSQL, with the default analyzers, and the latency from a post's arrival to its alert.

    .venv/bin/python bench/pipeline.py [--posts 10000] [--postgres postgres://postgres@127.0.0.1/db]
        [--baseline /path/to/a/checkout/of/main]

Each backend gets a fresh database with the demo organisation (channels, owners, rules); the
same generated stream (socialgov.monitoring.demo_stream) is replayed through `socialgov replay`
in a child process. Prints wall-clock throughput, throughput per CPU-second of the worker
process (wall figures on a shared machine say more about the neighbours than about the code),
p50/p95 arrival-to-alert latency and the wall seconds of each stage (store, analysis,
detection). The PostgreSQL database named is dropped and created again for every run.

`--baseline` runs the same measurements on another checkout (main, say) in the same run,
alternating with this one, so a change is compared under the same load; the one-minute load
average is printed beside each row (the machine is shared). Targets of issue 17: >= 2,000
posts/s on SQLite, PostgreSQL >= 0.9x SQLite.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import DEMO, ROOT, child_env, on_postgres, table_head, table_row


def socialgov(env: dict[str, str], root: Path, *args: str) -> str:
    """`socialgov <args>` from the checkout at `root` (its own code comes first on the path)."""
    done = subprocess.run(
        [sys.executable, "-m", "socialgov.cli", *args],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def fresh_postgres(url: str, suffix: str) -> str:
    """The address of an empty database named after the one in `url`, plus `suffix`."""
    import psycopg

    base, _slash, name = url.rpartition("/")
    fresh = f"{name}{suffix}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
    return f"{base}/{fresh}"


def measure(name: str, env: dict[str, str], stream: Path, root: Path = ROOT) -> dict[str, str]:
    socialgov(env, root, "migrate", "--no-input", "-v", "0")
    socialgov(env, root, "demo")
    load = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = socialgov(env, root, "replay", str(stream))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = re.search(r"(\d+) posts read.*?in ([\d.]+)s \((\d+) posts/s, (\d+) posts per", out)
    latency = re.search(r"p50 ([\d.]+)s, p95 ([\d.]+)s", out)
    stages = dict(re.findall(r"(store|analysis|detection) ([\d.]+)s", out))
    posts, seconds, rate, steady = summary.groups() if summary else ("?", "?", "?", "?")
    return {
        "backend": name,
        "posts": posts,
        "wall s": seconds,
        "posts/s (wall)": rate,
        "posts per CPU-s (whole process)": f"{int(posts) / cpu:.0f}" if summary and cpu else "?",
        "posts per CPU-s (pipeline)": steady,
        "p50 alert s": latency.group(1) if latency else "-",
        "p95 alert s": latency.group(2) if latency else "-",
        "store / analysis / detection s": " / ".join(
            stages.get(stage, "-") for stage in ("store", "analysis", "detection")
        ),
        "load (1 min)": f"{load:.1f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("SOCIALGOV_BENCH_POSTGRES_URL", ""))
    parser.add_argument("--baseline", type=Path, help="another checkout to measure alongside")
    options = parser.parse_args()
    from socialgov.monitoring.demo_stream import write_stream

    roots = [("", ROOT)] + ([("main ", options.baseline.resolve())] if options.baseline else [])
    rows: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        stream = write_stream(Path(tmp) / "stream.jsonl", options.posts, seed=42)
        backends = ["sqlite"] + (["postgresql"] if options.postgres else [])
        for backend in backends:
            # Baseline first, then this checkout, one backend at a time: neighbours' load
            # changes by the minute, so what is compared runs back to back.
            for label, root in reversed(roots):
                data = Path(tmp) / f"{backend}-{len(rows)}"
                data.mkdir()
                env = child_env(str(data), **DEMO)
                if backend == "postgresql":
                    suffix = "_bench_base" if label else "_bench"
                    env = on_postgres(env, fresh_postgres(options.postgres, suffix))
                rows.append(measure(f"{label}{backend}", env, stream, root))
    table_head(*rows[0])
    for row in rows:
        table_row(*row.values())


if __name__ == "__main__":
    main()
