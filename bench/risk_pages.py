"""Server time of the risk register and heat map pages at 5,000 risks.

    .venv/bin/python bench/risk_pages.py [--risks 5000] [--runs 15]

Builds a throw-away SQLite database (or uses DATABASE_URL if set, which must point at an empty
database), loads the library, creates channels and risks in bulk, then renders each page through
Django's test client and prints the median and 95th percentile of the server time. The target
(issue 4) is under 200 ms per page.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.harness import percentile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", metavar="URL", help="profile one page as the lead instead")
    args = parser.parse_args()

    os.environ.setdefault("SOCIALGOV_DATA_DIR", tempfile.mkdtemp(prefix="socialgov-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import override_settings

    call_command("migrate", verbosity=0)
    call_command("library", "load", verbosity=0)

    from bench.register import bench_channels, bench_people
    from socialgov.core.models import Role, User
    from socialgov.core.services import role_assign
    from socialgov.risks.models import ChannelRisk, RiskMatrix, RiskType

    random.seed(4)
    unit, people = bench_people()
    lead = User.objects.create(username="bench-lead", person=people[0])
    role_assign(actor=None, user=lead, role=Role.GOVERNANCE_LEAD)
    owner = User.objects.create(username="bench-owner", person=people[1])
    role_assign(actor=None, user=owner, role=Role.CHANNEL_OWNER)

    risk_types = list(RiskType.objects.all())
    matrix = RiskMatrix.objects.get(key="matrix-5x5")
    spec = matrix.spec
    channel_count = max(1, args.risks // len(risk_types) + 1)
    channels = bench_channels(unit, people, count=channel_count, owner=people[1], owner_every=50)
    risks = []
    for n in range(args.risks):
        channel = channels[n // len(risk_types)]
        il, ii = random.randint(1, 5), random.randint(1, 5)
        rl, ri = random.randint(1, il), random.randint(1, ii)
        inherent, residual = spec.band(il, ii), spec.band(rl, ri)
        risks.append(
            ChannelRisk(
                channel=channel,
                risk_type=risk_types[n % len(risk_types)],
                matrix=matrix,
                inherent_likelihood=il,
                inherent_impact=ii,
                residual_likelihood=rl,
                residual_impact=ri,
                inherent_score=il * ii,
                residual_score=rl * ri,
                inherent_level=inherent.key,
                residual_level=residual.key,
                residual_rank=residual.rank,
                owner=channel.owner,
                status=random.choice(["open", "in_treatment", "closed"]),
            )
        )
    ChannelRisk.objects.bulk_create(risks, batch_size=1000)

    pages = [
        ("register, page 1", "/risks/"),
        ("register, filtered", "/risks/?level=high&overdue=1"),
        ("register, page 40", "/risks/?page=40"),
        ("heat map + top lists", "/risks/overview/"),
        ("API list (50)", "/api/v1/risks/"),
    ]
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(
        f"{ChannelRisk.objects.count()} risks on {len(channels)} channels, "
        f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, {args.runs} runs each"
    )
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
        "CPU ms is this process's CPU time (SQLite work included, a PostgreSQL server's not)"
    )
    print(f"{'page':<24} {'user':<12} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'CPU ms':>8}")
    with override_settings(STORAGES=storages, ALLOWED_HOSTS=["*"], SECURE_SSL_REDIRECT=False):
        if args.profile:
            import cProfile
            import pstats

            client = Client()
            client.force_login(lead)
            client.get(args.profile)
            profiler = cProfile.Profile()
            profiler.runcall(client.get, args.profile)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)
            return
        for user in (lead, owner):
            client = Client()
            client.force_login(user)
            for label, url in pages:
                timings, cpu = [], []
                for _ in range(args.runs + 2):
                    start, start_cpu = time.perf_counter(), time.process_time()
                    response = client.get(url)
                    timings.append((time.perf_counter() - start) * 1000)
                    cpu.append((time.process_time() - start_cpu) * 1000)
                    assert response.status_code == 200, (url, response.status_code)
                timings = sorted(timings[2:])  # the first two warm caches
                cpu = sorted(cpu[2:])
                p95 = percentile(timings, 0.95)
                print(
                    f"{label:<24} {user.username:<12} {statistics.median(timings):>10.1f} "
                    f"{p95:>8.1f} {timings[-1]:>8.1f} {statistics.median(cpu):>8.1f}"
                )


if __name__ == "__main__":
    main()
