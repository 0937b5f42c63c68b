from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.awareness.content import Question, parse_question
from socialgov.core.models import OrgUnit, Person
from socialgov.core.models.base import TimeStampedModel
from socialgov.policies.audience import AudienceFields
from socialgov.policies.text import localized


class Recurrence(models.TextChoices):
    NONE = "none", _("Once")
    YEARLY = "yearly", _("Every year")


class CampaignStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PASSED = "passed", _("Passed")


class TrainingModule(TimeStampedModel):
    """A lesson set with a quiz, loaded from `library/training/`."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    library_version = models.PositiveIntegerField(_("library version"), default=1)
    title = models.JSONField(_("title"))
    summary = models.JSONField(_("summary"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=10)
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    content = models.JSONField(_("lessons and quiz"))
    checksum = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.CheckConstraint(
                condition=Q(pass_mark__gte=1, pass_mark__lte=100), name="module_pass_mark_range"
            )
        ]

    def __str__(self) -> str:
        return str(localized(self.title)) or self.key

    @property
    def lessons(self) -> list[dict]:  # type: ignore[type-arg]
        return list(self.content.get("lessons", []))

    def questions(self) -> tuple[Question, ...]:
        return tuple(
            parse_question(raw, f"{self.key} question") for raw in self.content.get("quiz", [])
        )


class AwarenessCampaign(AudienceFields, TimeStampedModel):
    """Training modules assigned to an audience with a deadline, once or every year."""

    title = models.CharField(_("title"), max_length=200)
    modules = models.ManyToManyField(TrainingModule, verbose_name=_("modules"), related_name="+")
    starts_on = models.DateField(_("starts on"))
    deadline = models.DateField(_("deadline"))
    recurrence = models.CharField(
        _("recurrence"), max_length=10, choices=Recurrence.choices, default=Recurrence.NONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.RUNNING
    )
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_run",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("awareness campaign")
        verbose_name_plural = _("awareness campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values),
                name="awareness_campaign_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=Recurrence.values), name="awareness_recurrence_valid"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("starts_on")),
                name="awareness_deadline_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_on:%Y})"


class Assignment(models.Model):
    """One person asked to complete one module in one campaign."""

    campaign = models.ForeignKey(
        AwarenessCampaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="assignments"
    )
    module = models.ForeignKey(
        TrainingModule, verbose_name=_("module"), on_delete=models.PROTECT, related_name="+"
    )
    # The person's org unit when the campaign started: completion is reported per unit as it
    # was, and the dashboards group and scope on it without joining people.
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ASSIGNED,
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    best_score = models.PositiveSmallIntegerField(_("best score (%)"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "person", "module"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [
            models.Index(fields=["person", "status"]),
            # Covers the dashboard's per-campaign counts without reading the table.
            models.Index(
                fields=["campaign", "org_unit", "module", "status", "attempt_count"],
                name="assignment_progress",
            ),
            # The same, unit first: what a unit lead's dashboard reads.
            models.Index(
                fields=["org_unit", "campaign", "module", "status", "attempt_count"],
                name="assignment_unit_progress",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "person", "module"], name="assignment_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AssignmentStatus.values), name="assignment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="passed", completed_at__isnull=False)
                | (~Q(status="passed") & Q(completed_at__isnull=True)),
                name="assignment_completed_when_passed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.module}"


class Attempt(models.Model):
    """One submitted quiz: the answers as given and how they scored."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="attempts"
    )
    submitted_at = models.DateTimeField(_("submitted"))
    answers = models.JSONField(_("answers"))
    correct = models.PositiveSmallIntegerField(_("correct answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    score = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.CheckConstraint(condition=Q(score__lte=100), name="attempt_score_range"),
            models.CheckConstraint(
                condition=Q(correct__lte=models.F("total")), name="attempt_correct_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.score}%"
