"""Working-hours social media use: who may read the figures, and the reports made from
uploaded proxy logs. A report keeps only aggregates that passed the minimum group size;
no pseudonym, name or per-person figure is ever stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReaderCapacity(models.TextChoices):
    """Why someone other than the governance lead reads the usage figures (CBA no. 81 has the
    works council informed; the prevention advisor and HR may be given the same view)."""

    WORKS_COUNCIL = "works_council", _("Works council")
    PREVENTION_ADVISOR = "prevention_advisor", _("Prevention advisor")
    HUMAN_RESOURCES = "human_resources", _("Human resources")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("Data protection officer")


class UsageReaderGrant(models.Model):
    """Read access to the usage reports, granted by a governance lead to one user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="usage_reader_grant",
    )
    capacity = models.CharField(_("capacity"), max_length=30, choices=ReaderCapacity.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("usage reader grant")
        verbose_name_plural = _("usage reader grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__in=ReaderCapacity.values), name="usage_grant_capacity_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_capacity_display()})"


class LogFormat(models.TextChoices):
    SQUID = "squid", _("Squid native access log")
    CSV = "csv", _("CSV (time, user or client, host or URL)")


class Identify(models.TextChoices):
    """Whom a Squid line belongs to."""

    AUTO = "auto", _("The user name, else the client address")
    USER = "user", _("The user name")
    CLIENT = "client", _("The client address")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being processed")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


FINISHED = (ReportStatus.DONE, ReportStatus.FAILED)


class UsageReport(models.Model):
    """One uploaded proxy log and the aggregates made from it. The raw file waits in
    SOCIALGOV_USAGE_UPLOAD_DIR while queued or running, and is deleted once processed."""

    log_format = models.CharField(_("format"), max_length=10, choices=LogFormat.choices)
    identify = models.CharField(
        _("person on a line"), max_length=10, choices=Identify.choices, default=Identify.AUTO
    )
    original_name = models.CharField(_("file name"), max_length=200, blank=True)
    raw_path = models.CharField(_("raw log (until processed)"), max_length=500, blank=True)
    raw_bytes = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    lines_read = models.PositiveBigIntegerField(_("lines read"), default=0)
    lines_rejected = models.PositiveBigIntegerField(_("lines rejected"), default=0)
    rejections = models.JSONField(_("first rejected lines"), default=list, blank=True)
    period_start = models.DateTimeField(_("from"), null=True, blank=True)
    period_end = models.DateTimeField(_("to"), null=True, blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    finished_at = models.DateTimeField(_("processed"), null=True, blank=True)
    delete_after = models.DateField(_("deleted after"), null=True, blank=True)

    class Meta:
        verbose_name = _("usage report")
        verbose_name_plural = _("usage reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="usage_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(log_format__in=LogFormat.values), name="usage_report_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(identify__in=Identify.values), name="usage_report_identify_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="usage_report_progress_at_most_100"
            ),
            # A processed report has no raw log left behind.
            models.CheckConstraint(
                condition=~Q(status__in=FINISHED) | Q(raw_path=""),
                name="usage_report_raw_log_deleted_when_processed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name or self.log_format} ({self.requested_at:%Y-%m-%d})"
