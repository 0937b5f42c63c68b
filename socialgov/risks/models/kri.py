"""Key risk indicators: measured figures with thresholds, tied to channel risks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Person
from socialgov.core.models.base import TimeStampedModel
from socialgov.risks.models.choices import KRIState, MeasurementSource
from socialgov.risks.models.register import ChannelRisk


class KRI(TimeStampedModel):
    """A named figure with green / amber / red thresholds.

    `metric` names the figure monitoring feeds (e.g. "negative_mention_spikes"), so the
    pipeline can record values with `kri_record_metric` without knowing KRI ids.
    """

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    metric = models.SlugField(_("monitored figure"), max_length=100, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="kris",
        help_text=_("Empty: an organisation-wide figure."),
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="kris"
    )
    higher_is_worse = models.BooleanField(_("higher is worse"), default=True)
    amber_threshold = models.FloatField(_("amber from"))
    red_threshold = models.FloatField(_("red from"))
    risks = models.ManyToManyField(
        ChannelRisk, verbose_name=_("risks"), related_name="kris", blank=True
    )
    current_value = models.FloatField(_("current value"), null=True, blank=True)
    current_state = models.CharField(
        _("state"), max_length=10, choices=KRIState.choices, default=KRIState.UNKNOWN
    )
    measured_at = models.DateTimeField(_("last measured"), null=True, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("key risk indicator")
        verbose_name_plural = _("key risk indicators")
        indexes = [models.Index(fields=["metric", "channel"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(current_state__in=KRIState.values), name="kri_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(higher_is_worse=True, red_threshold__gte=models.F("amber_threshold"))
                | Q(higher_is_worse=False, red_threshold__lte=models.F("amber_threshold")),
                name="kri_thresholds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class KRIMeasurement(models.Model):
    """One measured value of a KRI, with where it came from and the evidence behind it."""

    kri = models.ForeignKey(
        KRI, verbose_name=_("KRI"), on_delete=models.CASCADE, related_name="measurements"
    )
    value = models.FloatField(_("value"))
    measured_at = models.DateTimeField(_("measured"), db_index=True)
    state = models.CharField(_("state"), max_length=10, choices=KRIState.choices)
    source = models.CharField(
        _("source"),
        max_length=20,
        choices=MeasurementSource.choices,
        default=MeasurementSource.MANUAL,
    )
    evidence = models.JSONField(_("evidence"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["kri", "-measured_at", "-id"]
        verbose_name = _("KRI measurement")
        verbose_name_plural = _("KRI measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=KRIState.values) & ~Q(state=KRIState.UNKNOWN),
                name="krimeasurement_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(source__in=MeasurementSource.values), name="krimeasurement_source_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kri}: {self.value} ({self.measured_at:%Y-%m-%d})"
