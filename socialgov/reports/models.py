"""What the reports keep: monitoring rollups (written by the pipeline) and board reports."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Granularity(models.TextChoices):
    HOUR = "hour", _("Hour")
    DAY = "day", _("Day")


class ChannelActivity(models.Model):
    """Posts, mentions and negative mentions of one channel in one hour or day, so trend
    pages read a few rows instead of counting posts on every view."""

    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        on_delete=models.CASCADE,
        related_name="activity",
    )
    granularity = models.CharField(_("granularity"), max_length=4, choices=Granularity.choices)
    bucket_start = models.DateTimeField(_("from"))
    posts = models.PositiveIntegerField(_("posts"), default=0)
    mentions = models.PositiveIntegerField(_("mentions"), default=0)
    negative = models.PositiveIntegerField(_("negative mentions"), default=0)

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
