"""Benchmark: analysis scaled out on Celery. The same backlog of stored posts is analysed by
one plain process (no Celery), then by 1, 2 (and more) Celery worker processes on Redis and
PostgreSQL, each worker consuming the `analyse` queue.

    .venv/bin/python bench/scale.py --postgres postgres://postgres@127.0.0.1/db
        [--redis redis://127.0.0.1:6379/9] [--posts 20000] [--workers 1,2]

The database must be an empty one of its own (it is migrated and filled). Prints wall time,
posts/s, the speed-up against the single process and the cores the whole machine kept busy
(PostgreSQL and Redis run on the same cores), and the ceiling that leaves for any number of
workers. Target (issue 17): 2 workers >= 1.8x one worker, on 2 otherwise idle cores.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import ROOT, SOCIALGOV, busy_cpu_seconds, table_head, table_row

BATCH = 200
ONE_PROCESS = (
    "from socialgov.monitoring.pipeline.analyse import analyse_until_idle; "
    f"analyse_until_idle(limit={BATCH})"
)


def setup(postgres: str, redis: str, data_dir: str) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = {
        "SOCIALGOV_DATA_DIR": data_dir,
        "DATABASE_URL": postgres,
        "SECRET_KEY": "bench-only",
        "SOCIALGOV_EMBEDDED": "1",
        "CELERY_BROKER_URL": redis,
        "SOCIALGOV_SECRETS_KEY": Fernet.generate_key().decode(),
        "LOG_LEVEL": "ERROR",
        "SOCIALGOV_ANALYSIS_CLAIM_SECONDS": "20",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return {**os.environ}


def fill(posts: int, data_dir: str) -> None:
    from django.utils import timezone

    from socialgov.channels.models import Channel
    from socialgov.core.models import Person
    from socialgov.engine.sources.schema import post_from_mapping
    from socialgov.monitoring import services
    from socialgov.monitoring.demo import RULES
    from socialgov.monitoring.demo_stream import TARGETS, stream
    from socialgov.monitoring.pipeline.store import posts_store

    owner = Person.objects.create(employee_id="B1", first_name="B", last_name="O", email="b@x.org")
    for platform, handle in TARGETS:
        Channel.objects.create(platform=platform, handle=handle, purpose="customer_service",
                               audience="external", owner=owner, status="active")  # fmt: skip
    for rule in RULES:
        services.alert_rule_create(actor=None, **rule)
    batch = []
    for item in stream(posts, seed=17):
        batch.append(post_from_mapping(item, now=timezone.now()))
        if len(batch) == 1000:
            posts_store(posts=batch)
            batch = []
    posts_store(posts=batch)


def reset() -> None:
    from socialgov.core.models import Notification
    from socialgov.monitoring.models import Alert, Finding, Post

    Alert.objects.all().delete()
    Finding.objects.all().delete()
    Notification.objects.all().delete()
    Post.objects.update(analysis_state="pending", analysis_claim="", analysis_attempts=0)


def drained() -> bool:
    from socialgov.monitoring.models import Post

    return not Post.objects.filter(analysis_state="pending").exists()


def one_process(env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, machine CPU seconds busy) of one plain process draining the backlog."""
    command = [*SOCIALGOV, "shell", "-c", ONE_PROCESS]
    started, busy = time.monotonic(), busy_cpu_seconds()
    subprocess.run(command, env=env, check=True)
    return time.monotonic() - started, busy_cpu_seconds() - busy


def celery_workers(env: dict[str, str], count: int, posts: int) -> tuple[float, float]:
    import redis

    from config.celery import app
    from socialgov.monitoring.jobs.dispatch import submit

    broker = redis.Redis.from_url(env["CELERY_BROKER_URL"])

    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", "analyse", "-c", "1"]
    command += ["-P", "solo", "--without-gossip", "--without-mingle", "-l", "ERROR"]
    workers = [
        subprocess.Popen([*command, "-n", f"bench{n}@%h"], env=env, cwd=ROOT) for n in range(count)
    ]
    try:
        while len(app.control.ping(timeout=1.0) or []) < count:
            time.sleep(0.5)
        started, busy = time.monotonic(), busy_cpu_seconds()
        for _ in range(posts // BATCH + count * 2):
            submit("analyse_pending", limit=BATCH)
        while not drained():
            time.sleep(0.2)
            if not broker.llen("analyse"):
                # A batch that failed (and let its claim expire) is left for one more task.
                submit("analyse_pending", limit=BATCH)
        return time.monotonic() - started, busy_cpu_seconds() - busy
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=60)
        app.control.purge()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("SOCIALGOV_BENCH_POSTGRES_URL", ""))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/9")
    parser.add_argument("--posts", type=int, default=20_000)
    parser.add_argument("--workers", default="1,2")
    options = parser.parse_args()
    if not options.postgres:
        parser.error("--postgres is required (an empty database of its own)")
    with tempfile.TemporaryDirectory(prefix="socialgov-scale-") as tmp:
        env = setup(options.postgres, options.redis, tmp)
        fill(options.posts, tmp)
        reset()
        rows = [("one process, no Celery", 0, *one_process(env))]
        for count in (int(n) for n in options.workers.split(",")):
            reset()
            seconds, busy = celery_workers(env, count, options.posts)
            rows.append((f"{count} Celery worker(s) on Redis", count, seconds, busy))
    baseline, baseline_busy = rows[0][2], rows[0][3]
    print(f"analysis of {options.posts} stored posts on PostgreSQL, batches of {BATCH}")
    table_head(
        "configuration", "workers", "wall s", "posts/s", "speed-up vs one process",
        "cores busy (all processes)",
    )  # fmt: skip
    for name, count, seconds, busy in rows:
        rate, speed_up = f"{options.posts / seconds:.0f}", f"{baseline / seconds:.2f}x"
        table_row(name, count or 1, f"{seconds:.1f}", rate, speed_up, f"{busy / seconds:.2f}")
    # The workers share the cores with PostgreSQL, Redis and this script: when one process
    # already keeps more than one core busy, N workers on the same cores cannot scale by N.
    cores = os.cpu_count() or 1
    ceiling = cores / (baseline_busy / baseline)
    print(
        f"{cores} cores; one process keeps {baseline_busy / baseline:.2f} of them busy, so at the "
        f"same CPU per post any number of workers on this machine reaches at most {ceiling:.2f}x"
    )
    print(json.dumps({"load_average": os.getloadavg()}))


if __name__ == "__main__":
    main()
