"""Latency of pages and API list calls at a realistic size (thousands of people and tasks).

Run: .venv/bin/python bench/web_pages.py [--people 5000] [--tasks 20000] [--repeat 20]
Builds a throw-away SQLite database (or uses DATABASE_URL) and prints median and p95 per call.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    parser.add_argument("--tasks", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="socialgov-bench-")
    os.environ.setdefault("SOCIALGOV_DATA_DIR", data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    call_command("migrate", verbosity=0)

    from socialgov.core.models import OrgUnit, Person, Role, Task, User
    from socialgov.core.services import role_assign

    units = [OrgUnit(code=f"U{i}", name=f"Unit {i}", path=f"/U{i}/") for i in range(50)]
    OrgUnit.objects.bulk_create(units)
    units = list(OrgUnit.objects.all())
    Person.objects.bulk_create(
        Person(
            employee_id=f"E{i}",
            first_name="Jan",
            last_name=f"Peeters{i}",
            email=f"p{i}@example.be",
            org_unit=units[i % len(units)],
        )
        for i in range(args.people)
    )
    people = list(Person.objects.all())
    Task.objects.bulk_create(
        Task(title=f"Task {i}", owner=people[i % len(people)]) for i in range(args.tasks)
    )
    lead = User.objects.create_user("lead", password="bench-password", person=people[0])
    employee = User.objects.create_user("employee", password="bench-password", person=people[1])
    role_assign(actor=None, user=lead, role=Role.GOVERNANCE_LEAD)
    role_assign(actor=None, user=employee, role=Role.EMPLOYEE)

    calls = [
        ("lead", "GET /api/v1/people/", "/api/v1/people/"),
        ("lead", "GET /api/v1/tasks/", "/api/v1/tasks/"),
        ("employee", "GET /api/v1/tasks/ (own)", "/api/v1/tasks/"),
        ("lead", "GET / (dashboard)", "/"),
        ("lead", "GET /people/", "/people/"),
        ("employee", "GET /tasks/", "/tasks/"),
    ]
    clients = {}
    for user in (lead, employee):
        client = Client()
        client.force_login(user)
        clients[user.username] = client
    print(f"{args.people} people, {args.tasks} tasks, {settings.DATABASES['default']['ENGINE']}")
    print(f"{'call':<32}{'median ms':>10}{'p95 ms':>10}")
    for username, label, url in calls:
        client = clients[username]
        client.get(url)
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(f"{label:<32}{statistics.median(timings):>10.1f}{p95:>10.1f}")


if __name__ == "__main__":
    main()
