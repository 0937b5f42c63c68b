from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Person
from socialgov.core.models.base import TimeStampedModel


class UsageType(models.TextChoices):
    EXTERNAL_COMMUNICATION = "external_communication", _("External communication")
    MARKETING = "marketing", _("Marketing")
    MARKET_RESEARCH = "market_research", _("Market research")
    CUSTOMER_INTERACTION = "customer_interaction", _("Customer interaction")
    RECRUITMENT = "recruitment", _("Recruitment")
    INTERNAL_COLLABORATION = "internal_collaboration", _("Internal collaboration")


class ObjectiveStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ACHIEVED = "achieved", _("Achieved")
    MISSED = "missed", _("Missed")
    DROPPED = "dropped", _("Dropped")


class Objective(TimeStampedModel):
    """What a usage type, or one channel, is for: a KPI with a target over a period."""

    title = models.CharField(_("objective"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    usage_type = models.CharField(_("usage type"), max_length=30, choices=UsageType.choices)
    # Empty: the objective is for the usage type as a whole; set: for that one channel.
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    kpi = models.CharField(_("KPI"), max_length=200)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    current_value = models.DecimalField(
        _("current value"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="objectives"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ObjectiveStatus.choices, default=ObjectiveStatus.ACTIVE
    )

    class Meta:
        ordering = ["usage_type", "period_end", "id"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=Q(usage_type__in=UsageType.values), name="objective_usage_type_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ObjectiveStatus.values), name="objective_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="objective_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def progress(self) -> float | None:
        """Share of the way from baseline to target, in percent (None when not measurable)."""
        if self.current_value is None:
            return None
        start = self.baseline_value or 0
        span = self.target_value - start
        if span == 0:
            return 100.0 if self.current_value == self.target_value else 0.0
        return round(float((self.current_value - start) / span * 100), 1)
