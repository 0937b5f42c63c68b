"""Server time of the incident list and board at 10,000 incidents, beside the API list.

    .venv/bin/python bench/incidents.py [--incidents 10000] [--runs 15]

Builds a throw-away SQLite database (or uses DATABASE_URL if set, which must point at an empty
database), creates channels and incidents in bulk (a quarter of them open or contained), then
renders each page through Django's test client as an analyst (sees all) and as a channel owner
(sees their channels'), and prints the median, 95th percentile and the number of queries. The
target (issue 14) is a median under 100 ms; the query counts are pinned by
socialgov/incidents/tests/test_responses.py.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import percentile


def _build(count: int):  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from bench.register import bench_channels, bench_people
    from socialgov.core.models import Role, User
    from socialgov.core.services import role_assign
    from socialgov.incidents.models import SLA_HOURS, Incident, IncidentKind

    random.seed(14)
    unit, people = bench_people()
    analyst = User.objects.create(username="bench-analyst", person=people[0])
    role_assign(actor=None, user=analyst, role=Role.ANALYST)
    owner = User.objects.create(username="bench-owner", person=people[1])
    role_assign(actor=None, user=owner, role=Role.CHANNEL_OWNER)
    channels = bench_channels(unit, people, count=500, owner=people[1], owner_every=20)
    now = timezone.now()
    incidents = []
    for n in range(count):
        severity = random.choice(list(SLA_HOURS))
        detected = now - dt.timedelta(minutes=random.randint(10, 60 * 24 * 400))
        contain, resolve = SLA_HOURS[severity]
        status = random.choice(["open", "contained"]) if n % 4 == 0 else "closed"
        incidents.append(
            Incident(
                title=f"Bench incident {n}",
                kind=random.choice(IncidentKind.values),
                severity=severity,
                status=status,
                lead=random.choice(people),
                detected_at=detected,
                contain_due_at=detected + dt.timedelta(hours=contain),
                resolve_due_at=detected + dt.timedelta(hours=resolve),
                closed_at=now if status == "closed" else None,
            )
        )
    Incident.objects.bulk_create(incidents, batch_size=1000)
    through = Incident.channels.through
    through.objects.bulk_create(
        (
            through(incident_id=incident.pk, channel_id=random.choice(channels).pk)
            for incident in Incident.objects.only("pk")
        ),
        batch_size=1000,
    )
    return analyst, owner


def _measure(client, url: str, runs: int) -> tuple[list[float], int]:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings = []
    queries = 0
    for _ in range(runs + 2):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(captured)
    return sorted(timings[2:]), queries  # the first two warm caches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    os.environ.setdefault("SOCIALGOV_DATA_DIR", tempfile.mkdtemp(prefix="socialgov-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    from socialgov.incidents.models import Incident

    call_command("migrate", verbosity=0)
    analyst, owner = _build(args.incidents)
    pages = [
        ("list, page 1", "/incidents/"),
        ("list, open or contained", "/incidents/?status=active"),
        ("list, page 100", "/incidents/?page=100"),
        ("board", "/incidents/board/"),
        ("API list (50)", "/api/v1/incidents/"),
    ]
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    active = Incident.objects.filter(status__in=["open", "contained"]).count()
    print(
        f"{Incident.objects.count()} incidents ({active} open or contained), "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {args.runs} runs each; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'page':<26} {'user':<14} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        for user in (analyst, owner):
            client = Client()
            client.force_login(user)
            for label, url in pages:
                timings, queries = _measure(client, url, args.runs)
                p95 = percentile(timings, 0.95)
                print(
                    f"{label:<26} {user.username:<14} {statistics.median(timings):>10.1f} "
                    f"{p95:>8.1f} {queries:>8}"
                )


if __name__ == "__main__":
    main()
