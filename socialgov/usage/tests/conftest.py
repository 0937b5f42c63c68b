"""Fixtures of the usage tests: three org units (6, 5 and 3 people), the people's usernames,
Squid log lines of their social media visits, and an upload folder of the test's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialgov.core.models import OrgUnit, User
from socialgov.core.tests.factories import OrgUnitFactory, PersonFactory, UserFactory
from socialgov.usage.models import UsageReport

# Tuesday 3 March 2026, 10:00 in Brussels: working time.
TUESDAY_10 = dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
UNIT_SIZES = {"Marketing": 6, "Finance": 5, "Tiny Legal": 3}


@pytest.fixture(autouse=True)
def upload_dir(settings: Any, tmp_path: Path) -> Path:
    folder = tmp_path / "usage-uploads"
    settings.SOCIALGOV_USAGE_UPLOAD_DIR = folder
    return folder


@pytest.fixture
def staff(org: OrgUnit) -> dict[str, list[User]]:
    """Usernames per unit; every person also has a distinct e-mail address."""
    found: dict[str, list[User]] = {}
    for name, size in UNIT_SIZES.items():
        unit = OrgUnitFactory(name=name, parent=org)
        found[name] = [
            UserFactory(  # type: ignore[misc]
                username=f"{name.split()[-1].lower()}{index}",
                person=PersonFactory(org_unit=unit),
            )
            for index in range(size)
        ]
    return found


def squid_line(moment: dt.datetime, who: str, host: str = "www.facebook.com") -> str:
    return (
        f"{moment.timestamp():.3f}    120 10.0.0.5 TCP_TUNNEL/200 5230 CONNECT {host}:443 "
        f"{who} HIER_DIRECT/157.240.1.35 -\n"
    )


def visits(users: list[User], weeks: int = 2) -> list[str]:
    """Every user on Facebook and LinkedIn for ten minutes on a Tuesday of each week, plus one
    ordinary request each (dropped unread)."""
    lines = []
    for week in range(weeks):
        start = TUESDAY_10 + dt.timedelta(weeks=week)
        for user in users:
            for minute in range(10):
                moment = start + dt.timedelta(minutes=minute)
                lines.append(squid_line(moment, user.username))
                lines.append(squid_line(moment, user.username, "www.linkedin.com"))
            lines.append(squid_line(start, user.username, "intranet.example.org"))
    return sorted(lines)


@pytest.fixture
def everyone_visits(staff: dict[str, list[User]]) -> bytes:
    users = [user for members in staff.values() for user in members]
    return "".join(visits(users)).encode()


@pytest.fixture
def process_upload(
    lead: User, django_capture_on_commit_callbacks: Any
) -> Callable[..., UsageReport]:
    """Upload `content` as the lead; the background job runs when the upload commits."""
    from socialgov.usage.services import usage_report_upload

    def run(content: bytes, *, log_format: str = "squid", actor: User | None = None) -> UsageReport:
        with django_capture_on_commit_callbacks(execute=True):
            report = usage_report_upload(
                actor=actor or lead,
                chunks=[content],
                name="access.log",
                log_format=log_format,
            )
        report.refresh_from_db()
        return report

    return run
