"""Board reports: generated in the background, stored, reproducible, with the API's numbers,
in the reader's language, for leads, admins and auditors only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.reports import services
from socialgov.reports.models import BoardReport, ReportStatus
from socialgov.reports.tests.conftest import TODAY, activity
from socialgov.reports.tests.pdf_text import pdf_text
from socialgov.risks.models import ChannelRisk

pytestmark = pytest.mark.django_db


def generated(
    user: User, capture: Any, language: str = "en", period: str = "quarter"
) -> BoardReport:
    with capture(execute=True):
        report = services.board_report_request(
            actor=user, period=period, end=TODAY, language=language
        )
    report.refresh_from_db()
    return report


@pytest.fixture
def data(risk: ChannelRisk, owned_channel: Channel) -> None:
    activity(owned_channel, TODAY, mentions=7, negative=2)
    activity(owned_channel, TODAY - dt.timedelta(days=100), mentions=3)


def test_a_requested_report_is_generated_in_the_background_and_stored(
    lead: User, data: None, django_capture_on_commit_callbacks: Any
) -> None:
    report = generated(lead, django_capture_on_commit_callbacks)

    assert report.status == ReportStatus.DONE
    assert report.progress == 100
    assert bytes(report.pdf).startswith(b"%PDF")
    assert report.figures["summary"]["monitoring"] == {"posts": 8, "mentions": 7, "negative": 2}
    assert report.figures["previous"]["monitoring"]["mentions"] == 3
    assert report.figures["top_risks"][0]["name"] == "Hijacked account posts scams"
    text = pdf_text(bytes(report.pdf))
    assert "Executive summary" in text
    assert "Hijacked account posts scams" in text


def test_the_same_data_gives_the_same_report(
    lead: User, data: None, django_capture_on_commit_callbacks: Any
) -> None:
    first = generated(lead, django_capture_on_commit_callbacks)
    second = generated(lead, django_capture_on_commit_callbacks)

    assert first.figures == second.figures
    assert first.content_hash == second.content_hash != ""


def test_the_report_numbers_equal_the_apis_for_the_same_period(
    lead: User, data: None, api_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    report = generated(lead, django_capture_on_commit_callbacks)

    response = api_as(lead).get(
        "/api/v1/reports/summary/", {"period": "quarter", "end": TODAY.isoformat()}
    )

    assert response.status_code == 200
    assert response.json() == report.figures["summary"]


def test_the_summary_api_names_the_field_it_refuses(lead: User, api_as: Any) -> None:
    response = api_as(lead).get("/api/v1/reports/summary/", {"period": "<b>", "end": "soon"})
    assert response.status_code == 400
    assert set(response.json()) == {"period", "end"}


def test_an_employee_may_not_read_the_report_figures(outsider: User, api_as: Any) -> None:
    assert api_as(outsider).get("/api/v1/reports/summary/").status_code == 403


@pytest.mark.parametrize(("language", "words"), [("nl", "Samenvatting"), ("fr", "Synthèse")])
def test_a_report_is_written_in_its_language(
    lead: User, data: None, django_capture_on_commit_callbacks: Any, language: str, words: str
) -> None:
    report = generated(lead, django_capture_on_commit_callbacks, language=language)
    text = pdf_text(bytes(report.pdf))
    assert words in text
    assert "Executive summary" not in text


def test_leads_admins_and_auditors_download_reports_others_may_not(
    lead: User,
    admin_user: User,
    auditor: User,
    owner: User,
    analyst: User,
    outsider: User,
    data: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    report = generated(lead, django_capture_on_commit_callbacks)
    url = reverse("reports:board-download", args=[report.pk])
    for user, status in [
        (lead, 200),
        (admin_user, 200),
        (auditor, 200),
        (owner, 403),
        (analyst, 403),
        (outsider, 403),
    ]:
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.get(reverse("reports:board-list")).status_code == status, user


def test_the_list_shows_each_report_with_its_period_and_author(
    lead: User, data: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:board-list"),
            {"period": "30d", "end": TODAY.isoformat(), "language": "en"},
        )
    assert response.status_code == 302
    html = client.get(reverse("reports:board-list")).content.decode()
    assert "Download PDF" in html
    assert str(lead) in html
    assert BoardReport.objects.get().period_start == TODAY - dt.timedelta(days=29)


def test_the_command_line_writes_a_board_report(lead: User, data: None, tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    target = tmp_path / "board.pdf"
    call_command(
        "report", "board", "--period", "30d", "--end", TODAY.isoformat(), "--language", "fr",
        "--as", "lead", "--output", str(target), stdout=out,
    )  # fmt: skip
    assert "ready" in out.getvalue()
    assert "Synthèse" in pdf_text(target.read_bytes())


def test_the_summary_counts_the_incidents_opened_per_severity(lead: User, api_as: Any) -> None:
    from socialgov.incidents.services import incident_open

    detected = dt.datetime.combine(TODAY, dt.time(9), tzinfo=dt.UTC)
    for severity in ("high", "high", "low"):
        incident_open(
            actor=lead, title="Fake page", kind="impersonation", severity=severity,
            detected_at=detected,
        )  # fmt: skip
    incident_open(
        actor=lead, title="Old leak", kind="data_leak", severity="critical",
        detected_at=detected - dt.timedelta(days=60),
    )  # fmt: skip

    response = api_as(lead).get(
        "/api/v1/reports/summary/", {"period": "30d", "end": TODAY.isoformat()}
    )

    incidents = response.json()["incidents"]
    assert incidents["opened"] == 3
    assert incidents["by_severity"] == {"low": 1, "medium": 0, "high": 2, "critical": 0}
    assert incidents["open"] == 4
