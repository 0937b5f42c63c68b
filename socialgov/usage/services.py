"""Writes of the usage app: uploads, their processing in the background, reads recorded in the
audit log, reader grants, and deletion after the retention period."""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.core.services.updates import model_update
from socialgov.monitoring.jobs.dispatch import submit_on_commit
from socialgov.usage.access import may_manage_usage, may_read_usage
from socialgov.usage.models import (
    FINISHED,
    Identify,
    LogFormat,
    ReaderCapacity,
    ReportStatus,
    UsageReaderGrant,
    UsageReport,
)
from socialgov.usage.processing import LogReadout, read_log

logger = logging.getLogger(__name__)
CHUNK = 1024 * 1024
FINISHED_FIELDS = (
    "status",
    "progress",
    "raw_path",
    "lines_read",
    "lines_rejected",
    "rejections",
    "period_start",
    "period_end",
    "figures",
    "error",
    "finished_at",
    "delete_after",
)


def upload_dir() -> Path:
    folder = Path(settings.SOCIALGOV_USAGE_UPLOAD_DIR)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _delete_raw(path: str) -> None:
    if path:
        Path(path).unlink(missing_ok=True)


def usage_report_upload(
    *,
    actor: User,
    chunks: Iterable[bytes],
    name: str,
    log_format: str,
    identify: str = Identify.AUTO,
) -> UsageReport:
    """Keep an uploaded proxy log until it is processed (queued on commit); written in chunks,
    so a log of gigabytes never sits in memory."""
    if not may_manage_usage(actor):
        raise PermissionDenied
    errors = {}
    if log_format not in LogFormat.values:
        errors["log_format"] = [f"one of {', '.join(LogFormat.values)}"]
    if identify not in Identify.values:
        errors["identify"] = [f"one of {', '.join(Identify.values)}"]
    if errors:
        raise ValidationError(errors)
    limit = settings.SOCIALGOV_USAGE_MAX_UPLOAD_BYTES
    path = upload_dir() / f"{secrets.token_hex(16)}.log"
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise ValidationError({"log": [f"larger than {limit} bytes"]})
                raw.write(chunk)
        if size == 0:
            raise ValidationError({"log": ["the file is empty"]})
        with transaction.atomic():
            report = UsageReport(
                log_format=log_format,
                identify=identify,
                original_name=Path(name).name[:200],
                raw_path=str(path),
                raw_bytes=size,
                uploaded_by=actor,
            )
            report.full_clean()
            report.save()
            audit_record(
                actor=actor,
                verb="usage_report.upload",
                target=report,
                changes={"log_format": log_format, "raw_bytes": size},
            )
            submit_on_commit("usage_report", report_id=report.pk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return report


def _progress(report_id: int, percent: int, lines: int) -> None:
    # Progress is a display hint, not a change anyone answers for: no audit event.
    UsageReport.objects.filter(pk=report_id, status=ReportStatus.RUNNING).update(
        progress=percent, lines_read=lines
    )


def usage_report_process(*, report_id: int) -> str:
    """Read a queued log into aggregates (the background job); returns the report's status.

    Claimed with a conditional update, so two workers never process the same log. The raw log
    is deleted whatever happens: processed, failed, or unreadable."""
    claimed = UsageReport.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, progress=1
    )
    report = UsageReport.objects.get(pk=report_id)
    if not claimed:
        return report.status
    data: dict[str, Any]
    now = timezone.now()
    try:
        readout: LogReadout = read_log(
            path=Path(report.raw_path),
            log_format=report.log_format,
            identify=report.identify,
            on_progress=lambda percent, lines: _progress(report_id, percent, lines),
        )
        data = {
            "status": ReportStatus.DONE,
            "lines_read": readout.lines,
            "lines_rejected": readout.rejected,
            "rejections": readout.first_rejections,
            "period_start": readout.period_start,
            "period_end": readout.period_end,
            "figures": readout.figures,
            "error": "",
        }
    except Exception as error:  # a failed report says why instead of staying "running"
        logger.exception("usage report %s failed", report_id)
        data = {"status": ReportStatus.FAILED, "error": str(error)[:500]}
    finally:
        _delete_raw(report.raw_path)
    retention = settings.SOCIALGOV_USAGE_RETENTION_DAYS
    data.update(
        progress=100,
        raw_path="",
        finished_at=timezone.now(),
        delete_after=(now + dt.timedelta(days=retention)).date(),
    )
    model_update(
        actor=None,
        instance=report,
        data=data,
        fields=FINISHED_FIELDS,
        audit_fields=("status", "lines_read", "lines_rejected", "raw_path", "error"),
        verb="usage_report.process",
    )
    return str(data["status"])


def usage_report_record_view(*, actor: User, report: UsageReport, via: str) -> None:
    """Every read of a report's figures is in the audit log: who, which report, and how."""
    if not may_read_usage(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, verb="usage_report.view", target=report, changes={"via": via})


def usage_report_delete(*, actor: User, report: UsageReport) -> None:
    if not may_manage_usage(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, verb="usage_report.delete", target=report)
        path = report.raw_path
        report.delete()
    _delete_raw(path)


def usage_reports_purge(*, today: dt.date) -> str:
    """Delete the reports past their retention (the daily job)."""
    expired = list(UsageReport.objects.filter(status__in=FINISHED, delete_after__lt=today))
    with transaction.atomic():
        for report in expired:
            audit_record(actor=None, verb="usage_report.expire", target=report)
        UsageReport.objects.filter(pk__in=[r.pk for r in expired]).delete()
    return f"{len(expired)} usage report(s) past retention deleted"


def usage_reader_grant(*, actor: User, user: User, capacity: str) -> UsageReaderGrant:
    if not may_manage_usage(actor):
        raise PermissionDenied
    if capacity not in ReaderCapacity.values:
        raise ValidationError({"capacity": [f"one of {', '.join(ReaderCapacity.values)}"]})
    if UsageReaderGrant.objects.filter(user=user).exists():
        raise ValidationError({"user": ["already reads the usage reports"]})
    with transaction.atomic():
        grant = UsageReaderGrant(user=user, capacity=capacity, granted_by=actor)
        grant.full_clean()
        grant.save()
        audit_record(
            actor=actor, verb="usage_reader.grant", target=grant, changes={"capacity": capacity}
        )
    return grant


def usage_reader_revoke(*, actor: User, grant: UsageReaderGrant) -> None:
    if not may_manage_usage(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit_record(actor=actor, verb="usage_reader.revoke", target=grant)
        grant.delete()
