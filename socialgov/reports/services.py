"""Writes of the reports: board reports are requested, then generated in the background."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.core.services import notification_send
from socialgov.core.services.updates import model_update
from socialgov.core.texts import Message
from socialgov.monitoring.jobs.dispatch import submit_on_commit
from socialgov.reports import selectors
from socialgov.reports.access import may_read_board_reports
from socialgov.reports.board_pdf import board_report_pdf
from socialgov.reports.models import BoardReport, ReportLanguage, ReportStatus
from socialgov.reports.periods import PERIODS, period_of
from socialgov.risks import selectors as risk_selectors

logger = logging.getLogger(__name__)
FINISHED_FIELDS = ("status", "progress", "figures", "pdf", "content_hash", "error", "finished_at")


def board_report_request(
    *, actor: User, period: str, end: dt.date, language: str, scheduled: bool = False
) -> BoardReport:
    """Queue a board report of `period` ending on `end` (included); generated on commit.

    A `scheduled` report (the quarterly job) shows the view of `actor`, its author, but the
    audit log says the schedule asked for it, not that person."""
    if not may_read_board_reports(actor):
        raise PermissionDenied
    errors = {}
    if period not in PERIODS:
        errors["period"] = [f"one of {', '.join(PERIODS)}"]
    if language not in ReportLanguage.values:
        errors["language"] = [f"one of {', '.join(ReportLanguage.values)}"]
    if errors:
        raise ValidationError(errors)
    span = period_of(period, end=end)
    with transaction.atomic():
        report = BoardReport(
            period=period,
            period_start=span.start.date(),
            period_end=end,
            language=language,
            author=actor,
        )
        report.full_clean()
        report.save()
        if scheduled:
            audit_record(actor=None, verb="board_report.schedule", target=report)
        else:
            audit_record(actor=actor, verb="board_report.request", target=report)
        submit_on_commit("board_report", report_id=report.pk)
    return report


def board_report_figures(*, user: User, period: str, end: dt.date, language: str) -> dict[str, Any]:
    """Everything the report prints, computed once and stored with it."""
    span = period_of(period, end=end)
    with override(language):
        top = risk_selectors.top_risks(user=user, limit=10)
        top_risks = [
            {
                "name": risk.name,
                "channel": str(risk.channel),
                "score": risk.residual_score,
                "level": risk.residual_label,
            }
            for risk in top
        ]
    return {
        "summary": selectors.summary(user=user, period=span).as_dict(),
        "previous": selectors.summary(user=user, period=span.previous()).as_dict(),
        "top_risks": top_risks,
        "topics": selectors.topics(user=user, period=span),
    }


def _progress(report: BoardReport, percent: int) -> None:
    # Progress is a display hint, not a change anyone answers for: no audit event.
    BoardReport.objects.filter(pk=report.pk).update(progress=percent)


def board_report_generate(*, report_id: int) -> str:
    """Generate a queued report (the background job); returns its status. Claimed with a
    conditional update, so two workers never generate the same report."""
    claimed = BoardReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=5
    )
    report = BoardReport.objects.select_related("author__person").get(pk=report_id)
    if not claimed:
        return report.status
    data: dict[str, Any]
    try:
        if report.author is None:
            raise PermissionError("a board report needs the author whose view it shows")
        figures = board_report_figures(
            user=report.author,
            period=report.period,
            end=report.period_end,
            language=report.language,
        )
        _progress(report, 60)
        pdf = board_report_pdf(figures, language=report.language, end=report.period_end)
        data = {
            "status": ReportStatus.DONE,
            "progress": 100,
            "figures": figures,
            "pdf": pdf,
            "content_hash": hashlib.sha256(pdf).hexdigest(),
            "error": "",
            "finished_at": timezone.now(),
        }
    except Exception as error:  # a failed report says why instead of staying "running"
        logger.exception("board report %s failed", report_id)
        data = {
            "status": ReportStatus.FAILED,
            "progress": 100,
            "error": str(error)[:500],
            "finished_at": timezone.now(),
        }
    model_update(
        actor=None,
        instance=report,
        data=data,
        fields=FINISHED_FIELDS,
        audit_fields=("status", "content_hash", "error"),
        verb="board_report.generate",
    )
    _tell_author(report, done=data["status"] == ReportStatus.DONE)
    return str(data["status"])


def _tell_author(report: BoardReport, *, done: bool) -> None:
    """The author is told when the report is ready (or failed), in their own language: the
    quarterly reports reach each lead this way."""
    person = report.author.person if report.author is not None else None
    if person is None or not person.is_active:
        return
    dates = {"start": report.period_start.isoformat(), "end": report.period_end.isoformat()}
    notification_send(
        recipient=person,
        subject=Message(
            "reports.notify.board_ready" if done else "reports.notify.board_failed", dates
        ),
        body=Message(
            "reports.notify.board_ready_body" if done else "reports.notify.board_failed_body",
            dates,
        ),
        url=reverse("reports:board-list"),
    )
