"""Benchmark: a compressed replay of one or more days of traffic with a realistic daily and
weekly shape, with the worker's resident memory sampled every minute and posts lost or
duplicated counted at the end.

    .venv/bin/python bench/soak.py [--posts 20000] [--days 1] [--wall-minutes 3]
        [--postgres postgres://postgres@127.0.0.1/db] [--sample-seconds 60]
    .venv/bin/python bench/soak.py --posts 5000000 --wall-minutes 1440   # the full run

The stream is written hour by hour (quiet nights, busy office hours, calmer evenings and
weekends) with 2% of the posts delivered twice, as platforms do on retries. `socialgov replay
--speed` plays it in about `--wall-minutes` (slower if the pipeline cannot keep up: nothing is
dropped). Target (issue 17): RSS growth <= 10% after the first hour; no post lost or duplicated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import (
    DEMO,
    ROOT,
    SOCIALGOV,
    child_env,
    on_postgres,
    socialgov,
    table_head,
    table_row,
)

START = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)  # a Monday
REDELIVERED = 0.02
COUNTS = """
import json
from django.db.models import Count
from socialgov.monitoring.models import AlertEvidence, Finding, Post
twice = Post.objects.values("platform", "external_id").annotate(n=Count("id")).filter(n__gt=1)
print(json.dumps({"posts": Post.objects.count(), "twice": twice.count(),
    "pending": Post.objects.filter(analysis_state="pending").count(),
    "findings": Finding.objects.count(), "evidence": AlertEvidence.objects.count()}))
"""


def hour_weight(moment: dt.datetime) -> float:
    daily = 2.0 if 8 <= moment.hour < 18 else 1.2 if 18 <= moment.hour < 23 else 0.2
    weekly = 1.0 if moment.weekday() < 5 else 0.55
    return daily * weekly


def write_shaped(path: Path, posts: int, days: int) -> int:
    """Writes the stream hour by hour (never all of it in memory); returns the unique posts."""
    from socialgov.monitoring.demo_stream import stream

    hours = [START + dt.timedelta(hours=h) for h in range(days * 24)]
    weights = [hour_weight(hour) for hour in hours]
    total = sum(weights)
    rng = random.Random(17)
    unique = 0
    with path.open("w", encoding="utf-8") as out:
        for index, hour in enumerate(hours):
            count = round(posts * weights[index] / total)
            items = []
            for number, item in enumerate(stream(count, seed=index, start=hour)):
                offset = rng.uniform(0, 3600)
                when = (hour + dt.timedelta(seconds=offset)).isoformat()
                items.append({**item, "id": f"soak-{index}-{number}", "created_at": when})
            unique += len(items)
            items += [dict(rng.choice(items)) for _ in range(int(len(items) * REDELIVERED))]
            items.sort(key=lambda item: item["created_at"])
            out.writelines(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
    return unique


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def run_soak(env: dict[str, str], stream: Path, speed: float, every: float) -> list[float]:
    socialgov(env, "migrate", "--no-input", "-v", "0")
    socialgov(env, "demo")
    command = [*SOCIALGOV, "replay", str(stream), "--speed", f"{speed:.3f}"]
    worker = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    samples: list[float] = []
    started = time.monotonic()
    time.sleep(min(every, 5.0))  # past the interpreter's start
    while worker.poll() is None:
        samples.append(rss_mb(worker.pid))
        print(f"  {time.monotonic() - started:7.0f} s  RSS {samples[-1]:7.1f} MB", flush=True)
        deadline = time.monotonic() + every
        while worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.5)
    print("  " + (worker.stdout.read().strip() if worker.stdout else ""))
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=1)
    parser.add_argument("--wall-minutes", type=float, default=3.0)
    parser.add_argument("--sample-seconds", type=float, default=60.0)
    parser.add_argument("--postgres", default=os.environ.get("SOCIALGOV_BENCH_POSTGRES_URL", ""))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialgov-soak-") as tmp:
        stream = Path(tmp) / "soak.jsonl"
        unique = write_shaped(stream, options.posts, options.days)
        env = child_env(tmp, without=("DATABASE_URL", "CELERY_BROKER_URL"), **DEMO)
        if options.postgres:
            env = on_postgres(env, options.postgres)
        speed = options.days * 86400 / (options.wall_minutes * 60)
        backend = "postgresql" if options.postgres else "sqlite"
        print(f"soak on {backend}: {unique} posts (+{REDELIVERED:.0%} redelivered) over "
              f"{options.days} day(s), played at {speed:.0f}x")  # fmt: skip
        samples = run_soak(env, stream, speed, options.sample_seconds)
        # The last line: after the shell's own chatter.
        counts = json.loads(socialgov(env, "shell", "-c", COUNTS).splitlines()[-1])
    # The first hour of the replayed day(s) is the warm-up the target leaves out.
    warm = samples[max(1, len(samples) // (24 * options.days)) :] or samples
    growth = (warm[-1] - warm[0]) / warm[0] * 100 if warm and warm[0] else 0.0
    table_head("figure", "value", "target")
    table_row("posts lost", unique - counts["posts"] + counts["twice"], 0)
    table_row("posts stored twice", counts["twice"], 0)
    table_row("posts left unanalysed", counts["pending"], 0)
    rss = f"{samples[0]:.0f} / {max(samples):.0f} / {samples[-1]:.0f}"
    table_row("RSS first / peak / last sample (MB)", rss, "-")
    table_row(
        "RSS growth after the first hour", f"{growth:+.1f}% over {len(warm)} samples", "<= 10%"
    )
    table_row("findings / alert evidence", f"{counts['findings']} / {counts['evidence']}", "-")


if __name__ == "__main__":
    main()
