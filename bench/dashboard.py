"""The lead dashboard and the board report at scale: the demo organisation plus 10,000
channels, 1M posts in the monitoring rollups and 100,000 alerts.

Builds the data with bulk inserts in a fresh database (SQLite in a temporary directory unless
DATABASE_URL is set): rollup rows are inserted directly (one day row per channel and day, the
rows the dashboards read), not through the pipeline. Times the lead, owner and analyst
dashboards through the full Django stack beside the home dashboard (the peer page), with
their query counts, then one board report. Targets: lead dashboard median < 200 ms on SQLite,
board report < 10 s.

    .venv/bin/python bench/dashboard.py [--channels 10000] [--posts 1000000] [--alerts 100000]
        [--post-rows 0]

`--post-rows N` also stores N public mentions as posts (spread over the channels and the last
30 days, with reaction counts), which the top terms and top posts of the owner dashboard and
the board report read; the rollups alone leave those lists empty.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DAYS = 30


def setup_django() -> None:
    if not os.environ.get("DATABASE_URL"):
        os.environ["SOCIALGOV_DATA_DIR"] = tempfile.mkdtemp(prefix="socialgov-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("SOCIALGOV_EXECUTOR", "inline")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("library", "load", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115


def build(channels: int, posts: int, alerts: int) -> None:
    from django.db import transaction
    from django.utils import timezone

    from bench.register import bench_channels, bench_people
    from socialgov.core.models import User
    from socialgov.monitoring.models import Alert, AlertCategory, AlertSeverity, AlertStatus
    from socialgov.monitoring.pipeline.detector_alerts import COMPROMISE, detector_rule
    from socialgov.reports.models import ChannelActivity, Granularity
    from socialgov.reports.rollups import organisation_totals_refresh

    rng = random.Random(42)
    unit, people = bench_people(200)
    owner = User.objects.get(username="owner")
    made = bench_channels(
        unit,
        people,
        count=channels,
        owner=owner.person,
        owner_every=500,
    )
    today = dt.datetime.combine(timezone.now().date(), dt.time(), tzinfo=dt.UTC)
    per_row, extra = divmod(posts, channels * DAYS)
    rows = (
        ChannelActivity(
            channel_id=channel.pk,
            granularity=Granularity.DAY,
            bucket_start=today - dt.timedelta(days=day),
            posts=(count := per_row + (1 if index * DAYS + day < extra else 0)),
            mentions=(mentions := rng.randint(0, count)),
            negative=rng.randint(0, mentions),
        )
        for index, channel in enumerate(made)
        for day in range(DAYS)
    )
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == 20_000:
            ChannelActivity.objects.bulk_create(batch)
            batch = []
    ChannelActivity.objects.bulk_create(batch)
    moments = {today - dt.timedelta(days=day) for day in range(DAYS)}
    organisation_totals_refresh(granularity=Granularity.DAY, moments=moments)
    with transaction.atomic():
        rule = detector_rule(COMPROMISE)
    now = timezone.now()
    statuses = [
        AlertStatus.OPEN,
        AlertStatus.ACKNOWLEDGED,
        AlertStatus.RESOLVED,
        AlertStatus.RESOLVED,
    ]
    batch = []
    for n in range(alerts):
        seen = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 365))
        status = rng.choice(statuses)
        batch.append(
            Alert(
                rule=rule,
                channel_id=made[n % len(made)].pk,
                group_key=f"bench-{n}",
                title=f"Bench alert {n}",
                severity=rng.choice(AlertSeverity.values),
                category=rng.choice(AlertCategory.values),
                status=status,
                first_seen_at=seen,
                last_seen_at=seen,
                acknowledged_at=seen + dt.timedelta(minutes=rng.randint(1, 600))
                if status != AlertStatus.OPEN
                else None,
            )
        )
        if len(batch) == 20_000:
            Alert.objects.bulk_create(batch)
            batch = []
    Alert.objects.bulk_create(batch)


def timed(fn: Any, repeat: int = 7) -> tuple[float, float, int]:
    from django.db import connection

    fn()  # warm caches and the query plan
    samples = []
    count = 0

    def counted(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(counted):
        fn()
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), max(samples), count


def panels(lead: Any) -> None:
    """Each part of the lead dashboard alone, to see where its time goes."""
    from socialgov.reports import dashboards
    from socialgov.reports.periods import period_of

    period = period_of("year")
    parts = {
        "heat maps": lambda: dashboards.heat_map_panels(lead),
        "open alerts": lambda: dashboards.open_work_panel(lead, period.end, incidents=False),
        "open incidents": lambda: dashboards.open_work_panel(lead, period.end, incidents=True),
        "KRIs": lambda: dashboards.kri_panel(lead),
        "channel health": lambda: dashboards.channel_health_panel(lead, period.end),
        "activity": lambda: dashboards.activity_panels(lead, period),
        "completion": lambda: dashboards.completion_panel(lead),
        "maturity": lambda: dashboards.maturity_panel(lead, period),
    }
    for name, fn in parts.items():
        median, _worst, count = timed(fn, repeat=3)
        print(f"  part {name:34} {median:10.1f} {'':8} {count:8d}")


WORDS = [
    "refund",
    "late",
    "service",
    "app",
    "login",
    "card",
    "branch",
    "loan",
    "rate",
    "claim",
    "delay",
    "help",
    "broken",
    "premium",
    "terugbetaling",
    "wachten",
    "kaart",
    "lening",
    "dossier",
    "remboursement",
    "attente",
    "carte",
    "prêt",
    "agence",
]


def post_rows(count: int) -> None:
    """`count` mentions on the bench channels, a third of them on the owner's channels."""
    import hashlib

    from django.utils import timezone

    from socialgov.channels.models import Channel
    from socialgov.core.models import User
    from socialgov.monitoring.models import Post

    rng = random.Random(7)
    owner = User.objects.get(username="owner").person
    mine = list(Channel.objects.filter(owner=owner).values_list("pk", flat=True))
    every = list(Channel.objects.values_list("pk", flat=True))
    now = timezone.now()
    batch = []
    for index in range(count):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20)))
        batch.append(
            Post(
                platform="bench",
                external_id=f"bench-{index}",
                text=f"@mosa {text} #{rng.choice(WORDS)}",
                published_at=now - dt.timedelta(minutes=rng.randrange(DAYS * 24 * 60)),
                kind="mention",
                channel_id=rng.choice(mine if index % 3 == 0 and mine else every),
                likes_count=rng.randrange(50),
                replies_count=rng.randrange(5),
                content_hash=hashlib.sha256(str(index).encode()).hexdigest(),
                analysis_state="done",
            )
        )
        if len(batch) == 5000:
            Post.objects.bulk_create(batch)
            batch = []
    Post.objects.bulk_create(batch)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--alerts", type=int, default=100_000)
    parser.add_argument("--post-rows", type=int, default=0)
    args = parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from socialgov.core.models import User
    from socialgov.reports.board_pdf import board_report_pdf
    from socialgov.reports.models import ChannelActivity
    from socialgov.reports.services import board_report_figures

    start = time.perf_counter()
    build(args.channels, args.posts, args.alerts)
    post_rows(args.post_rows)
    total = sum(ChannelActivity.objects.values_list("posts", flat=True).iterator())
    print(
        f"built {args.channels} channels, {total} posts in rollups, {args.alerts} alerts, "
        f"{args.post_rows} stored posts "
        f"on {connection.vendor} in {time.perf_counter() - start:.1f} s"
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize=0x10002")
    settings.ALLOWED_HOSTS = ["testserver"]
    # The bench does not run collectstatic; the manifest storage would need its output.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    clients = {}
    for name in ("lead", "owner", "analyst"):
        user = User.objects.get(username=name)
        clients[name] = Client()
        clients[name].force_login(user)

    def page(name: str, url: str) -> Any:
        def get() -> None:
            response = clients[name].get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    cases = [
        ("home dashboard (peer), lead", page("lead", "/"), None),
        ("lead dashboard, 30 days", page("lead", "/reports/?period=30d"), 200),
        ("lead dashboard, year", page("lead", "/reports/?period=year"), 200),
        ("owner dashboard, 30 days", page("owner", "/reports/?view=owner&period=30d"), None),
        ("analyst dashboard, 30 days", page("analyst", "/reports/?view=analyst&period=30d"), None),
    ]
    print(f"{'page':40} {'median ms':>10} {'max ms':>8} {'queries':>8}  target")
    failed = False
    for name, fn, target in cases:
        median, worst, count = timed(fn)
        verdict = "" if target is None else ("ok" if median <= target else "SLOW")
        failed |= verdict == "SLOW"
        print(f"{name:40} {median:10.1f} {worst:8.1f} {count:8d}  {target or '-'} {verdict}")
    lead = User.objects.get(username="lead")
    if os.environ.get("BENCH_PANELS"):
        panels(lead)
    end = dt.datetime.now(dt.UTC).date()
    start = time.perf_counter()
    figures = board_report_figures(user=lead, period="quarter", end=end, language="nl")
    pdf = board_report_pdf(figures, language="nl", end=end)
    seconds = time.perf_counter() - start
    failed |= seconds > 10
    verdict = "ok" if seconds <= 10 else "SLOW"
    print(f"board report (quarter, nl, {len(pdf)} bytes): {seconds:.2f} s  target 10 s {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
