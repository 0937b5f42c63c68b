"""Benchmark: list the channel register through the REST API at 10,000 channels on SQLite.

    .venv/bin/python bench/channels_api.py [--channels 10000] [--repeat 30]

Builds a throwaway SQLite database (WAL, as in embedded mode), fills it with channels spread
over platforms, purposes, statuses and 500 owners in 8 org units, then times GET
/api/v1/channels/ pages with the filters people use, as an org-wide lead and as one owner.
Prints the median and 95th percentile per page (wall clock), the median CPU time of this
process (less sensitive to other work on a shared machine) and the SQL queries per request.
The target of issue 3 is under 100 ms per page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import percentile


def setup_django(data_dir: str, database_url: str = "") -> None:
    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic here
    os.environ["SOCIALGOV_DATA_DIR"] = data_dir
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{data_dir}/bench.sqlite3"
    os.environ["SOCIALGOV_EMBEDDED"] = "1"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings

    # dj-database-url keeps a connection for a minute; the embedded default closes it.
    if not database_url:
        settings.DATABASES["default"]["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(count: int) -> tuple[object, object]:
    from socialgov.channels.models import (
        Audience,
        Channel,
        ChannelStatus,
        Platform,
        Purpose,
    )
    from socialgov.core.models import OrgUnit, Person, Role, RoleAssignment, User

    root = OrgUnit.objects.create(code="ROOT", name="Root", path="/ROOT/")
    units = [
        OrgUnit.objects.create(code=f"U{n}", name=f"Unit {n}", parent=root, path=f"/ROOT/U{n}/")
        for n in range(8)
    ]
    people = Person.objects.bulk_create(
        Person(
            employee_id=f"B{n:05d}",
            first_name="Owner",
            last_name=f"{n:05d}",
            email=f"owner{n}@bench.example",
            org_unit=units[n % len(units)],
        )
        for n in range(500)
    )
    rng = random.Random(3)  # the same register on every run
    platforms = [p for p in Platform.values if p != "other"]
    purposes = Purpose.values
    statuses = [ChannelStatus.ACTIVE] * 6 + [ChannelStatus.DORMANT, ChannelStatus.PLANNED]
    Channel.objects.bulk_create(
        (
            Channel(
                platform=rng.choice(platforms),
                handle=f"bench_{n:06d}",
                display_name=f"Bench channel {n}",
                purpose=rng.choice(purposes),
                audience=Audience.INTERNAL if n % 9 == 0 else Audience.EXTERNAL,
                status=rng.choice(statuses),
                owner=people[n % len(people)],
                deputy=people[(n + 1) % len(people)],
                org_unit=people[n % len(people)].org_unit,
                reach=n * 3,
            )
            for n in range(count)
        ),
        batch_size=2000,
    )
    lead = User.objects.create(username="bench-lead")
    RoleAssignment.objects.create(user=lead, role=Role.GOVERNANCE_LEAD)
    owner = User.objects.create(username="bench-owner", person=people[7])
    RoleAssignment.objects.create(user=owner, role=Role.CHANNEL_OWNER)
    return lead, owner


def measure(client, url: str, repeat: int) -> tuple[float, float, float, int, int | str]:  # type: ignore[no-untyped-def]
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm caches (roles, statements)
    timings = []
    cpu = []
    queries = 0
    total: int | str = 0
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.content[:300]
        queries = len(captured)
        total = response.json().get("count", "(cursor)")  # cursor pages carry no count
    return (
        statistics.median(timings),
        percentile(timings, 0.95),
        statistics.median(cpu),
        queries,
        total,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--channels", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialgov-bench-") as data_dir:
        setup_django(data_dir)
        started = time.perf_counter()
        lead, owner = fill(args.channels)
        print(f"filled {args.channels} channels in {time.perf_counter() - started:.1f} s (SQLite)")
        from rest_framework.test import APIClient

        from socialgov.core.models import OrgUnit

        unit = OrgUnit.objects.get(code="U3").pk
        cases = [
            ("lead", lead, "/api/v1/channels/"),
            ("lead", lead, "/api/v1/channels/?offset=9000"),
            ("lead", lead, "/api/v1/channels/?platform=x"),
            ("lead", lead, "/api/v1/channels/?platform=x&purpose=marketing&status=active"),
            ("lead", lead, f"/api/v1/channels/?org_unit={unit}"),
            ("lead", lead, "/api/v1/channels/?owner=8&status=active"),
            ("lead", lead, "/api/v1/channels/?search=channel%2099"),
            ("owner", owner, "/api/v1/channels/"),
        ]
        print(
            f"{'as':<6} {'query':<60} {'rows':>6} {'median ms':>10} {'p95 ms':>8} "
            f"{'CPU ms':>7} {'SQL':>4}"
        )
        worst = 0.0
        for label, user, url in cases:
            client = APIClient()
            client.force_authenticate(user)
            median, p95, cpu, queries, total = measure(client, url, args.repeat)
            worst = max(worst, median)
            print(
                f"{label:<6} {url:<60} {total:>6} {median:>10.1f} {p95:>8.1f} "
                f"{cpu:>7.1f} {queries:>4}"
            )
        print(f"slowest median page: {worst:.1f} ms (target < 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
