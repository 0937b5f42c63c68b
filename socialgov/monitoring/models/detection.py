"""What the stream detectors remember between batches, so a restarted worker goes on where the
last one stopped and a retried batch changes nothing twice."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.monitoring.models.alerts import Alert


class DetectorCursor(models.Model):
    """How far the detector stage has read the stored posts (by id), moved forward in the
    transaction that stores what the detectors found."""

    name = models.CharField(max_length=40, unique=True)
    last_post_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.name}: {self.last_post_id}"


class SpikeBrandState(models.Model):
    """The spike detector's memory of one brand key (a channel), as its JSON snapshot."""

    brand = models.CharField(max_length=200, unique=True)
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.brand


class SpikeStatus(models.TextChoices):
    GROWING = "growing", _("Growing")
    PEAKED = "peaked", _("Peaked")
    OVER = "over", _("Over")


class SpikeIncident(models.Model):
    """One surge of mentions, from onset to its end: one alert, updated as it evolves."""

    alert = models.OneToOneField(Alert, on_delete=models.CASCADE, related_name="spike")
    brand = models.CharField(_("brand"), max_length=200)
    start = models.DateTimeField(_("onset"))
    peak = models.DateTimeField(_("peak"))
    end = models.DateTimeField(_("end"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    status = models.CharField(
        _("status"), max_length=10, choices=SpikeStatus.choices, default=SpikeStatus.GROWING
    )
    score = models.FloatField(_("score"))
    baseline = models.FloatField(_("baseline"))
    observed = models.FloatField(_("observed"))
    confidence = models.FloatField(_("confidence"), default=0.0)
    terms = models.JSONField(_("driving terms"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mention spike")
        verbose_name_plural = _("mention spikes")
        constraints = [
            models.UniqueConstraint(fields=["brand", "start"], name="spike_once_per_onset"),
            models.CheckConstraint(
                condition=Q(status__in=SpikeStatus.values), name="spike_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.brand} {self.start:%Y-%m-%d %H:%M} ({self.status})"
