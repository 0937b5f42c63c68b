"""What the reports keep: monitoring rollups (written by the pipeline) and board reports."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Granularity(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")


class ActivityBucket(models.Model):
    """Posts, mentions and negative mentions in one hour or day (the rollups' shared fields)."""

    granularity = models.CharField(_("granularity"), max_length=4, choices=Granularity.choices)
    bucket_start = models.DateTimeField(_("from"))
    posts = models.PositiveIntegerField(_("posts"), default=0)
    mentions = models.PositiveIntegerField(_("mentions"), default=0)
    negative = models.PositiveIntegerField(_("negative mentions"), default=0)

    class Meta:
        abstract = True


class ChannelActivity(ActivityBucket):
    """The activity of one channel in one hour or day, so trend pages read a few rows
    instead of counting posts on every view."""

    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        on_delete=models.CASCADE,
        related_name="activity",
    )

    class Meta:
        verbose_name = _("channel activity")
        verbose_name_plural = _("channel activity")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "granularity", "bucket_start"], name="activity_once_per_bucket"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values), name="activity_granularity_valid"
            ),
            models.CheckConstraint(
                condition=Q(negative__lte=models.F("mentions")),
                name="activity_negative_le_mentions",
            ),
        ]
        indexes = [models.Index(fields=["granularity", "bucket_start"])]

    def __str__(self) -> str:
        return f"{self.channel_id} {self.granularity} {self.bucket_start:%Y-%m-%d %H:00}"


class OrganisationActivity(ActivityBucket):
    """The sum of every channel's activity in one hour or day: what an org-wide dashboard
    reads, a few hundred rows a year whatever the number of channels."""

    class Meta:
        verbose_name = _("organisation activity")
        verbose_name_plural = _("organisation activity")
        constraints = [
            models.UniqueConstraint(
                fields=["granularity", "bucket_start"], name="organisation_activity_once"
            ),
            models.CheckConstraint(
                condition=Q(granularity__in=Granularity.values),
                name="organisation_activity_granularity_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.granularity} {self.bucket_start:%Y-%m-%d %H:00}"


class ReportLanguage(models.TextChoices):
    ENGLISH = "en", _("English")
    DUTCH = "nl", _("Dutch")
    FRENCH = "fr", _("French")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class BoardReport(models.Model):
    """A board report for one period in one language. The PDF is kept in the database with
    its figures, so what the board read can be downloaded and checked later as it was."""

    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    author = models.ForeignKey(
        "core.User",
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"")
    content_hash = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("board report")
        verbose_name_plural = _("board reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values), name="board_report_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=ReportLanguage.values), name="board_report_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="board_report_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="board_report_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start} – {self.period_end} ({self.language})"
