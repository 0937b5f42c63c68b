"""Uploaded logs processed in the background: aggregates kept, raw logs deleted, bad lines
counted and never fatal, progress reported, reports deleted after their retention."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from socialgov.core.models import AuditEvent, User
from socialgov.usage import processing, services
from socialgov.usage.models import UsageReport
from socialgov.usage.tests.conftest import TUESDAY_10, squid_line, visits

pytestmark = pytest.mark.django_db


def unit(report: UsageReport, name: str) -> dict[str, Any]:
    return next(u for u in report.figures["org_units"] if u["org_unit"] == name)


def test_an_uploaded_log_becomes_aggregates_per_unit_platform_and_week(
    everyone_visits: bytes, process_upload: Callable[..., UsageReport]
) -> None:
    report = process_upload(everyone_visits)

    marketing = unit(report, "Marketing")
    assert report.status == "done" and report.progress == 100
    assert marketing["people_using_social_media"] == 6
    # Requests from minute 0 to 9, plus the last request's minute, on each of two platforms.
    assert marketing["minutes"] == pytest.approx(6 * 2 * 2 * 10, rel=0.01)
    assert [w["week"] for w in marketing["weeks"]] == ["2026-W10", "2026-W11"]
    weeks = report.figures["totals"]["weeks"]
    assert sorted(weeks[0]["platforms"]) == ["facebook", "linkedin"]
    assert report.lines_read == everyone_visits.count(b"\n")
    assert report.lines_rejected == 0


def test_a_person_logged_under_their_e_mail_counts_once_in_their_unit(
    staff: dict[str, list[User]], process_upload: Callable[..., UsageReport]
) -> None:
    finance = staff["Finance"]
    lines = visits(finance)
    person = finance[0].person
    assert person is not None
    lines += [squid_line(TUESDAY_10, person.email)]

    report = process_upload("".join(sorted(lines)).encode())

    assert unit(report, "Finance")["people_using_social_media"] == 5


def test_the_raw_upload_is_deleted_after_processing(
    upload_dir: Path, everyone_visits: bytes, process_upload: Callable[..., UsageReport]
) -> None:
    report = process_upload(everyone_visits)

    assert report.raw_path == ""
    assert list(upload_dir.iterdir()) == []
    change = AuditEvent.objects.get(verb="usage_report.process", target_id=str(report.pk))
    assert change.changes["raw_path"][1] == ""


def test_the_raw_upload_is_deleted_when_processing_fails(
    upload_dir: Path,
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "read_log", broken)
    report = process_upload(everyone_visits)

    assert report.status == "failed"
    assert "disk on fire" in report.error
    assert list(upload_dir.iterdir()) == []


HOSTILE = [
    b"garbage\n",
    b"\xff\xfe\x00\x00 not utf-8 at all \x80\x81\n",
    b"nan 120 10.0.0.5 TCP_TUNNEL/200 5 CONNECT www.facebook.com:443 x - -\n",
    b"inf 120 10.0.0.5 TCP_TUNNEL/200 5 CONNECT www.facebook.com:443 x - -\n",
    b"1e309 120 10.0.0.5 TCP_TUNNEL/200 5 CONNECT www.facebook.com:443 x - -\n",
    b"-99999999999 120 10.0.0.5 TCP_TUNNEL/200 5 CONNECT www.facebook.com:443 x - -\n",
    b"1772528400.0 120 10.0.0.5 TCP/200 many CONNECT www.facebook.com:443 x - -\n",
    b"1772528400.0 120 10.0.0.5 TCP/200 5 GET http://[::1 x - -\n",
    b"1772528400.0 120 10.0.0.5 TCP/200 5 GET http:/// x - -\n",
    b"1772528400.0 " + b"A" * 300_000 + b"\n",
    b"\x00" * 50 + b"\n",
]


def test_hostile_and_garbled_lines_are_counted_as_rejected_and_the_job_finishes(
    staff: dict[str, list[User]], process_upload: Callable[..., UsageReport]
) -> None:
    good = "".join(visits(staff["Marketing"], weeks=1)).encode()

    report = process_upload(good + b"".join(HOSTILE) + b"\n# a comment\n")

    assert report.status == "done"
    assert report.lines_rejected == len(HOSTILE)
    assert len(report.rejections) == len(HOSTILE)
    assert all(set(item) == {"line", "reason"} for item in report.rejections)
    assert unit(report, "Marketing")["people_using_social_media"] == 6


def test_a_csv_log_is_read_like_a_squid_one(
    staff: dict[str, list[User]], process_upload: Callable[..., UsageReport]
) -> None:
    rows = ["time,user,host,bytes"]
    for user in staff["Marketing"]:
        for minute in range(10):
            moment = TUESDAY_10 + dt.timedelta(minutes=minute)
            rows.append(f"{moment.isoformat()},{user.username},www.instagram.com,100")
    rows.append("not a time,someone,www.instagram.com,1")
    rows.append('"unterminated,quote')

    report = process_upload(("\n".join(rows) + "\n").encode(), log_format="csv")

    assert report.status == "done"
    assert report.lines_rejected >= 1
    platforms = unit(report, "Marketing")["platforms"]
    assert platforms == [
        {"platform": "instagram", "suppressed": False, "minutes": 60.0, "people_using": 6}
    ]


def test_progress_is_reported_while_a_log_is_read(
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[tuple[int, int]] = []
    real = services._progress

    def watched(report_id: int, percent: int, lines: int) -> None:
        real(report_id, percent, lines)
        report = UsageReport.objects.get(pk=report_id)
        seen.append((report.progress, report.lines_read))
        assert report.status == "running"

    monkeypatch.setattr(services, "_progress", watched)
    monkeypatch.setattr(processing, "PROGRESS_EVERY", 100)
    process_upload(everyone_visits)

    assert len(seen) >= 3
    assert [lines for _, lines in seen] == sorted(lines for _, lines in seen)
    assert all(1 <= percent <= 99 for percent, _ in seen)


def test_an_employee_cannot_upload_and_a_bad_upload_writes_nothing(
    client: Client, outsider: User, lead: User, upload_dir: Path
) -> None:
    with pytest.raises(PermissionDenied):
        services.usage_report_upload(
            actor=outsider, chunks=[b"x\n"], name="a.log", log_format="squid"
        )
    with pytest.raises(ValidationError) as error:
        services.usage_report_upload(actor=lead, chunks=[b"x\n"], name="a.log", log_format="xml")
    assert "log_format" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.usage_report_upload(actor=lead, chunks=[b""], name="a.log", log_format="squid")

    client.force_login(lead)
    response = client.post("/monitoring/usage/", {"log_format": "squid"})
    assert response.status_code == 400
    assert not UsageReport.objects.exists()
    assert list(upload_dir.iterdir()) == []


def test_an_upload_through_the_page_is_processed_and_listed(
    client: Client, lead: User, everyone_visits: bytes, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(lead)
    upload = SimpleUploadedFile("access.log", everyone_visits)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/monitoring/usage/", {"log": upload, "log_format": "squid", "identify": "auto"}
        )
    assert response.status_code == 302
    report = UsageReport.objects.get()
    assert report.status == "done"
    listing = client.get("/monitoring/usage/").content.decode()
    assert f"/monitoring/usage/{report.pk}/" in listing


def test_reports_past_their_retention_are_deleted_by_the_daily_job(
    everyone_visits: bytes, process_upload: Callable[..., UsageReport], settings: Any
) -> None:
    settings.SOCIALGOV_USAGE_RETENTION_DAYS = 10
    report = process_upload(everyone_visits)
    assert report.delete_after is not None

    services.usage_reports_purge(today=report.delete_after)
    assert UsageReport.objects.filter(pk=report.pk).exists()
    services.usage_reports_purge(today=report.delete_after + dt.timedelta(days=1))
    assert not UsageReport.objects.filter(pk=report.pk).exists()
    assert AuditEvent.objects.filter(verb="usage_report.expire").count() == 1
