from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models.base import TimeStampedModel
from socialgov.core.texts import message_text
from socialgov.monitoring.models.choices import (
    OPEN_ALERT_STATUSES,
    AlertCategory,
    AlertSeverity,
    AlertStatus,
    ChatFormat,
    EscalationLevel,
    PostKind,
)
from socialgov.monitoring.models.content import Finding


class AlertRule(TimeStampedModel):
    """Which findings become alerts: for one channel, or organisation-wide when none is set."""

    name = models.CharField(_("name"), max_length=200)
    # A built-in or demo rule's name as a message (see core.texts); empty once a person names it.
    name_message = models.JSONField(default=dict, blank=True, editable=False)
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_rules",
        help_text=_("Empty: the rule applies to every channel."),
    )
    # "analyzer" or "analyzer.kind", e.g. ["toxicity.toxic", "personal_data"].
    finding_kinds = models.JSONField(_("finding kinds"), default=list)
    # Empty: posts of any kind.
    post_kinds = models.JSONField(_("post kinds"), default=list, blank=True)
    min_score = models.FloatField(_("minimum score"), default=0.5)
    min_reach = models.PositiveBigIntegerField(
        _("minimum author reach"),
        null=True,
        blank=True,
        help_text=_("Only posts whose author has at least this many followers."),
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=AlertSeverity.choices, default=AlertSeverity.MEDIUM
    )
    category = models.CharField(
        _("category"), max_length=20, choices=AlertCategory.choices, default=AlertCategory.OTHER
    )
    escalate_after_minutes = models.PositiveIntegerField(
        _("escalate after (minutes)"),
        null=True,
        blank=True,
        help_text=_("Empty: never escalate."),
    )
    chat_format = models.CharField(
        _("chat notification"), max_length=10, choices=ChatFormat.choices, blank=True
    )
    # The incoming-webhook URL is a credential: encrypted like connector secrets.
    chat_webhook_token = models.TextField(blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # Marked false positive by the people handling alerts: the feedback for tuning the rule.
    false_positive_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("alert rule")
        verbose_name_plural = _("alert rules")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__gte=0) & Q(min_score__lte=1), name="alert_rule_score_0_1"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=AlertSeverity.values), name="alert_rule_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=AlertCategory.values), name="alert_rule_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(chat_format__in=ChatFormat.values), name="alert_rule_chat_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return message_text(self.name_message, self.name)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        kinds = self.finding_kinds
        if not isinstance(kinds, list) or not kinds or not all(isinstance(k, str) for k in kinds):
            raise ValidationError({"finding_kinds": _("Name at least one finding kind.")})
        posts = self.post_kinds
        if not isinstance(posts, list) or any(kind not in PostKind.values for kind in posts):
            raise ValidationError({"post_kinds": _("Unknown post kind.")})


class Alert(TimeStampedModel):
    rule = models.ForeignKey(
        AlertRule, verbose_name=_("rule"), on_delete=models.PROTECT, related_name="alerts"
    )
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
    )
    # Who must act: the channel's owner; empty for posts about no registered channel, which
    # go to the governance leads.
    owner = models.ForeignKey(
        "core.Person",
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_alerts",
    )
    # Findings with the same key join the open alert instead of raising a new one.
    group_key = models.CharField(max_length=200)
    # The English text (search, exports, fallback); shown from `title_message` in the reader's
    # language when there is one.
    title = models.CharField(_("title"), max_length=300)
    title_message = models.JSONField(default=dict, blank=True, editable=False)
    severity = models.CharField(_("severity"), max_length=10, choices=AlertSeverity.choices)
    category = models.CharField(_("category"), max_length=20, choices=AlertCategory.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    # Internal content (an employee's message on an internal platform) in the evidence: shown
    # only to people who may read that channel's internal content.
    has_internal_content = models.BooleanField(default=False)
    evidence_count = models.PositiveIntegerField(_("findings"), default=0)
    first_seen_at = models.DateTimeField(_("first seen"))
    last_seen_at = models.DateTimeField(_("last seen"))
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.OWNER
    )
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    task = models.ForeignKey(
        "core.Task",
        verbose_name=_("follow-up task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    findings = models.ManyToManyField(Finding, through="AlertEvidence", related_name="alerts")

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-last_seen_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["group_key"],
                condition=Q(status__in=OPEN_ALERT_STATUSES),
                name="alert_one_open_per_group",
            ),
            models.CheckConstraint(
                condition=Q(status__in=AlertStatus.values), name="alert_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=AlertSeverity.values), name="alert_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(category__in=AlertCategory.values), name="alert_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(escalation_level__in=EscalationLevel.values),
                name="alert_escalation_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "last_seen_at"]),
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["channel", "status"]),
            # The report dashboards: alerts of a period, and open ones by severity and age.
            models.Index(fields=["first_seen_at"]),
            models.Index(fields=["status", "severity", "first_seen_at"]),
            # The list's own order: its first page and its cursor pages read this index alone.
            models.Index(fields=["-last_seen_at", "-id"], name="alert_newest"),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return message_text(self.title_message, self.title)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ALERT_STATUSES


class AlertEvidence(models.Model):
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="evidence")
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["alert", "finding"], name="alert_evidence_once"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id}:{self.finding_id}"
