"""The risk register: risks per channel, their controls, treatments, acceptances and history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Person, Task
from socialgov.core.models.base import TimeStampedModel
from socialgov.risks.models.choices import (
    AcceptanceStatus,
    Effectiveness,
    RiskStatus,
    Treatment,
)
from socialgov.risks.models.reference import Control, RiskMatrix, RiskType

# Upper bound for scores in the database; each risk is held to its own matrix by the services.
MAX_LEVEL = 10


def _score_bounds(prefix: str) -> Q:
    return Q(**{f"{prefix}_likelihood__gte": 1, f"{prefix}_likelihood__lte": MAX_LEVEL}) & Q(
        **{f"{prefix}_impact__gte": 1, f"{prefix}_impact__lte": MAX_LEVEL}
    )


class ChannelRisk(TimeStampedModel):
    """A risk of one channel, scored before (inherent) and after (residual) its controls."""

    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        on_delete=models.CASCADE,
        related_name="risks",
    )
    risk_type = models.ForeignKey(
        RiskType,
        verbose_name=_("risk type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channel_risks",
    )
    # Custom risks carry their own title; catalogue risks show the catalogue's (translated) one.
    title = models.CharField(_("title"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    matrix = models.ForeignKey(
        RiskMatrix, verbose_name=_("matrix"), on_delete=models.PROTECT, related_name="risks"
    )
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"))
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"))
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"))
    residual_justification = models.TextField(_("why the residual risk is higher"), blank=True)
    # Stored so the register, filters and heat map need no per-row computation.
    inherent_score = models.PositiveSmallIntegerField(_("inherent score"), editable=False)
    residual_score = models.PositiveSmallIntegerField(_("residual score"), editable=False)
    inherent_level = models.CharField(_("inherent level"), max_length=100, editable=False)
    residual_level = models.CharField(_("residual level"), max_length=100, editable=False)
    residual_rank = models.PositiveSmallIntegerField(editable=False, default=0)
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.MITIGATE
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("risk owner"), on_delete=models.PROTECT, related_name="risks"
    )
    due_date = models.DateField(_("treatment due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN
    )
    # Raised by a red KRI (or an expired acceptance): someone should score the risk again.
    needs_reassessment = models.BooleanField(_("needs re-assessment"), default=False)
    reassessment_reason = models.TextField(_("why re-assess"), blank=True)
    suggested_likelihood = models.PositiveSmallIntegerField(
        _("suggested likelihood"), null=True, blank=True
    )

    class Meta:
        ordering = ["-residual_rank", "-residual_score", "id"]
        verbose_name = _("channel risk")
        verbose_name_plural = _("channel risks")
        indexes = [
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["residual_level"]),
            models.Index(fields=["-residual_rank", "-residual_score"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "risk_type"],
                condition=Q(risk_type__isnull=False),
                name="channelrisk_one_per_type_and_channel",
            ),
            models.CheckConstraint(
                condition=Q(risk_type__isnull=False) | ~Q(title=""),
                name="channelrisk_custom_has_title",
            ),
            models.CheckConstraint(
                condition=_score_bounds("inherent"), name="channelrisk_inherent_range"
            ),
            models.CheckConstraint(
                condition=_score_bounds("residual"), name="channelrisk_residual_range"
            ),
            models.CheckConstraint(
                condition=Q(treatment__in=Treatment.values), name="channelrisk_treatment_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RiskStatus.values), name="channelrisk_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(residual_likelihood__lte=F("inherent_likelihood"))
                & Q(residual_impact__lte=F("inherent_impact"))
                | ~Q(residual_justification=""),
                name="channelrisk_residual_above_inherent_justified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.channel}"

    @property
    def name(self) -> str:
        if self.risk_type_id is not None and not self.title:
            return str(self.risk_type)
        return self.title

    @property
    def inherent_colour(self) -> str:
        return self.matrix.band_colour(self.inherent_level)

    @property
    def residual_colour(self) -> str:
        return self.matrix.band_colour(self.residual_level)

    @property
    def inherent_label(self) -> str:
        return self.matrix.band_label(self.inherent_level)

    @property
    def residual_label(self) -> str:
        return self.matrix.band_label(self.residual_level)


class AppliedControl(TimeStampedModel):
    """A control applied to one channel risk, and how well it works there."""

    risk = models.ForeignKey(
        ChannelRisk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="controls"
    )
    control = models.ForeignKey(
        Control, verbose_name=_("control"), on_delete=models.PROTECT, related_name="applied"
    )
    effectiveness = models.CharField(
        _("effectiveness"),
        max_length=10,
        choices=Effectiveness.choices,
        default=Effectiveness.PLANNED,
    )
    note = models.TextField(_("note"), blank=True)
    # True when the channel's recorded security posture shows the control in place.
    from_posture = models.BooleanField(_("shown by the channel's posture"), default=False)

    class Meta:
        ordering = ["control__key"]
        verbose_name = _("applied control")
        verbose_name_plural = _("applied controls")
        constraints = [
            models.UniqueConstraint(fields=["risk", "control"], name="appliedcontrol_unique"),
            models.CheckConstraint(
                condition=Q(effectiveness__in=Effectiveness.values),
                name="appliedcontrol_effectiveness_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.control} ({self.get_effectiveness_display()})"


class RiskScoreChange(models.Model):
    """One entry of a risk's score history, written whenever a score changes."""

    risk = models.ForeignKey(
        ChannelRisk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="history"
    )
    changed_at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(_("inherent likelihood"))
    inherent_impact = models.PositiveSmallIntegerField(_("inherent impact"))
    residual_likelihood = models.PositiveSmallIntegerField(_("residual likelihood"))
    residual_impact = models.PositiveSmallIntegerField(_("residual impact"))
    inherent_score = models.PositiveSmallIntegerField(_("inherent score"))
    residual_score = models.PositiveSmallIntegerField(_("residual score"))
    residual_level = models.CharField(_("residual level"), max_length=100)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["risk", "changed_at", "id"]
        verbose_name = _("score change")
        verbose_name_plural = _("score changes")

    def __str__(self) -> str:
        return f"{self.risk_id} {self.changed_at:%Y-%m-%d} {self.residual_score}"


class RiskTreatment(models.Model):
    """A treatment action of a risk, carried out as a core Task."""

    risk = models.ForeignKey(
        ChannelRisk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="treatments"
    )
    task = models.OneToOneField(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="risk_treatment"
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        ordering = ["task__due_date", "id"]
        verbose_name = _("treatment action")
        verbose_name_plural = _("treatment actions")

    def __str__(self) -> str:
        return str(self.task)


class RiskAcceptance(TimeStampedModel):
    """A decision to live with a risk, by someone with the authority, until a date."""

    risk = models.ForeignKey(
        ChannelRisk, verbose_name=_("risk"), on_delete=models.CASCADE, related_name="acceptances"
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    justification = models.TextField(_("justification"))
    accepted_on = models.DateField(_("accepted on"))
    expires_on = models.DateField(_("expires on"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AcceptanceStatus.choices,
        default=AcceptanceStatus.ACTIVE,
    )
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["-accepted_on", "-id"]
        verbose_name = _("risk acceptance")
        verbose_name_plural = _("risk acceptances")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("accepted_on")),
                name="riskacceptance_expires_after_acceptance",
            ),
            models.CheckConstraint(condition=~Q(justification=""), name="riskacceptance_justified"),
            models.CheckConstraint(
                condition=Q(status__in=AcceptanceStatus.values), name="riskacceptance_status_valid"
            ),
            models.UniqueConstraint(
                fields=["risk"],
                condition=Q(status=AcceptanceStatus.ACTIVE),
                name="riskacceptance_one_active_per_risk",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk} until {self.expires_on}"
