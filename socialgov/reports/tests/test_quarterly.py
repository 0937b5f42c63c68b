"""Quarterly board reports: each governance lead receives the last quarter's report once, in
their own language, with a notification when it is ready."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from socialgov.core.daily import run_daily_jobs
from socialgov.core.models import AuditEvent, Notification, User
from socialgov.core.texts import message_text
from socialgov.reports.jobs import last_quarter_end, run_daily
from socialgov.reports.models import BoardReport, ReportStatus

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "end"),
    [
        (dt.date(2027, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2027, 3, 31), dt.date(2026, 12, 31)),
        (dt.date(2027, 4, 1), dt.date(2027, 3, 31)),
        (dt.date(2027, 8, 15), dt.date(2027, 6, 30)),
        (dt.date(2027, 12, 31), dt.date(2027, 9, 30)),
    ],
)
def test_the_last_quarter_ends_the_day_before_the_current_one_starts(
    today: dt.date, end: dt.date
) -> None:
    assert last_quarter_end(today) == end


def test_each_lead_gets_the_last_quarters_report_once_in_their_language(
    lead: User, owner: User, django_capture_on_commit_callbacks: Any
) -> None:
    assert lead.person is not None
    lead.person.language = "nl"
    lead.person.save()

    with django_capture_on_commit_callbacks(execute=True):
        run_daily(dt.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        run_daily(dt.date(2027, 1, 5))

    report = BoardReport.objects.get()
    assert (report.author, report.period, report.language) == (lead, "quarter", "nl")
    assert report.period_end == dt.date(2026, 12, 31)
    assert report.status == ReportStatus.DONE, report.error
    assert AuditEvent.objects.filter(verb="board_report.schedule", actor=None).count() == 1
    notice = Notification.objects.get(recipient=lead.person)
    with translation.override("nl"):
        subject = message_text(notice.subject_message, notice.subject)
    assert subject == f"Bestuursrapport {report.period_start} – 2026-12-31 is klaar"
    assert not Notification.objects.filter(recipient=owner.person).exists()


def test_a_lead_who_made_the_quarters_report_by_hand_gets_no_second_one(
    lead: User, django_capture_on_commit_callbacks: Any
) -> None:
    from socialgov.reports import services

    with django_capture_on_commit_callbacks(execute=True):
        services.board_report_request(
            actor=lead, period="quarter", end=dt.date(2026, 12, 31), language="en"
        )
        run_daily(dt.date(2027, 1, 2))
    assert BoardReport.objects.count() == 1


def test_the_governance_daily_run_includes_the_board_reports(lead: User) -> None:
    outcome = run_daily_jobs(today=dt.date(2027, 4, 2))
    assert outcome["board reports"].startswith("1 quarterly board report(s) requested")
