"""Incidents, their append-only timeline, and the playbooks that structure the response."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Person, Task, User
from socialgov.core.models.base import TimeStampedModel
from socialgov.core.texts import message_text
from socialgov.library.models import LibraryItem


class IncidentKind(models.TextChoices):
    TAKEOVER = "takeover", _("Account takeover")
    IMPERSONATION = "impersonation", _("Impersonation or fake account")
    REPUTATION = "reputation", _("Viral complaint or reputation crisis")
    DATA_LEAK = "data_leak", _("Data leak")
    HARASSMENT = "harassment", _("Harassment or bullying")
    MISUSE = "misuse", _("Misuse of a corporate account")
    OTHER = "other", _("Other")


class IncidentSeverity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class IncidentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CONTAINED = "contained", _("Contained")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class EntryKind(models.TextChoices):
    OPENED = "opened", _("Opened")
    STATUS = "status", _("Status changed")
    NOTE = "note", _("Note")
    STEP = "step", _("Step")
    ACTION = "action", _("Response action")
    LINK = "link", _("Linked")
    REVIEW = "review", _("Review")
    ESCALATION = "escalation", _("Escalation")


SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2, "critical": 3}
# Hours to contain and to resolve, per severity.
SLA_HOURS: dict[str, tuple[int, int]] = {
    "critical": (1, 24),
    "high": (4, 72),
    "medium": (24, 240),
    "low": (72, 720),
}


class Playbook(LibraryItem):
    """The response steps for one kind of incident, loaded from library/playbooks/."""

    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    # {"en": "...", "nl": "...", "fr": "..."}
    title = models.JSONField(_("title"), default=dict)
    # [{"key", "role", "due_hours", "required", "title": {lang: str}, "checklist": {lang: [str]}}]
    steps = models.JSONField(_("steps"), default=list)
    links = models.JSONField(_("links"), default=list, blank=True)
    templates = models.JSONField(_("templates"), default=dict, blank=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("playbook")
        verbose_name_plural = _("playbooks")
        constraints = [
            *LibraryItem.Meta.constraints,
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="playbook_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return str(self.title.get("en") or self.key)

    def title_in(self, language: str) -> str:
        return str(self.title.get(language) or self.title.get("en") or self.key)


class Incident(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    # Titled after an alert: its message (see core.texts), shown in the reader's language.
    title_message = models.JSONField(default=dict, blank=True, editable=False)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=IncidentKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=IncidentSeverity.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.OPEN
    )
    lead = models.ForeignKey(
        Person,
        verbose_name=_("incident lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_incidents",
    )
    reported_by = models.ForeignKey(
        Person,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reported_incidents",
    )
    participants = models.ManyToManyField(
        Person, verbose_name=_("participants"), blank=True, related_name="incidents"
    )
    channels = models.ManyToManyField(
        "channels.Channel", verbose_name=_("channels"), blank=True, related_name="incidents"
    )
    alerts = models.ManyToManyField(
        "monitoring.Alert", verbose_name=_("alerts"), blank=True, related_name="incidents"
    )
    posts = models.ManyToManyField(
        "monitoring.Post", verbose_name=_("posts"), blank=True, related_name="incidents"
    )
    discovered_accounts = models.ManyToManyField(
        "channels.DiscoveredAccount", verbose_name=_("discovered accounts"), blank=True
    )
    risks = models.ManyToManyField("risks.ChannelRisk", verbose_name=_("risks"), blank=True)
    playbook = models.ForeignKey(
        Playbook, null=True, blank=True, on_delete=models.PROTECT, related_name="incidents"
    )
    evidence = models.TextField(_("evidence"), blank=True)
    detected_at = models.DateTimeField(_("detected"))
    contained_at = models.DateTimeField(_("contained"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    contain_due_at = models.DateTimeField(_("contain by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    review_cause = models.TextField(_("cause"), blank=True)
    review_worked = models.TextField(_("what worked"), blank=True)
    review_change = models.TextField(_("what to change"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    class Meta:
        ordering = ["-detected_at", "-id"]
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        indexes = [
            models.Index(fields=["status", "severity", "detected_at"]),
            # The list's order, so a deep page does not sort every incident.
            models.Index(fields=["-detected_at", "-id"], name="incident_detected_desc"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=IncidentKind.values), name="incident_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(severity__in=IncidentSeverity.values), name="incident_severity_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=IncidentStatus.values), name="incident_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="incident_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return message_text(self.title_message, self.title)

    @property
    def is_active(self) -> bool:
        return self.status in (IncidentStatus.OPEN, IncidentStatus.CONTAINED)

    def age(self, now: dt.datetime) -> dt.timedelta:
        return now - self.detected_at


class IncidentStep(models.Model):
    """One playbook step started on an incident, carried out as a shared Task."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="steps")
    task = models.OneToOneField(Task, on_delete=models.CASCADE, related_name="incident_step")
    key = models.CharField(max_length=100)
    role = models.CharField(_("role"), max_length=30)
    position = models.PositiveSmallIntegerField()
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        ordering = ["incident", "position"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "key"], name="incident_step_once")
        ]

    def __str__(self) -> str:
        return self.task.title


class TimelineEntry(models.Model):
    """Append-only: the database refuses updates and deletes (see migration 0002)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="timeline")
    created_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    # The text is stored in English-neutral form (a code and parameters) plus free text.
    code = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["incident", "created_at", "id"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="timeline_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"


class AutoOpenSetting(models.Model):
    """Per alert rule: whether a critical takeover alert opens an incident by itself."""

    rule = models.OneToOneField(
        "monitoring.AlertRule", on_delete=models.CASCADE, related_name="incident_setting"
    )
    auto_open = models.BooleanField(_("open an incident automatically"), default=True)

    def __str__(self) -> str:
        return f"{self.rule_id}: {self.auto_open}"
