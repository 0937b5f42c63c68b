"""Benchmark: posts from a JSONL file to stored posts, findings and alerts, on SQLite and on
PostgreSQL, with the default analyzers, and the latency from a post's arrival to its alert.

    .venv/bin/python bench/pipeline.py [--posts 10000] [--postgres postgres://postgres@127.0.0.1/db]

Each backend gets a fresh database with the demo organisation (channels, owners, rules); the
same generated stream (socialgov.monitoring.demo_stream) is replayed through `socialgov replay`
in a child process. Prints wall-clock throughput, throughput per CPU-second of the worker
process (wall figures on a shared machine say more about the neighbours than about the code),
and p50/p95 arrival-to-alert latency. Targets of issue 7: >= 1,500 posts/s, p95 <= 2 s.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import DEMO, child_env, on_postgres, socialgov, table_head, table_row


def measure(name: str, env: dict[str, str], stream: Path) -> dict[str, str]:
    socialgov(env, "migrate", "--no-input", "-v", "0")
    socialgov(env, "demo")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = socialgov(env, "replay", str(stream))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    summary = re.search(r"(\d+) posts read.*?in ([\d.]+)s \((\d+) posts/s, (\d+) posts per", out)
    latency = re.search(r"p50 ([\d.]+)s, p95 ([\d.]+)s", out)
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
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--postgres", default=os.environ.get("SOCIALGOV_BENCH_POSTGRES_URL", ""))
    options = parser.parse_args()
    from socialgov.monitoring.demo_stream import write_stream

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        stream = write_stream(Path(tmp) / "stream.jsonl", options.posts, seed=42)
        base = child_env(tmp, **DEMO)
        rows.append(measure("sqlite", base, stream))
        if options.postgres:
            rows.append(measure("postgresql", on_postgres(base, options.postgres), stream))
    table_head(*rows[0])
    for row in rows:
        table_row(*row.values())


if __name__ == "__main__":
    main()
