from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.assessments.maturity import MaturityModel as ModelDefinition
from socialgov.assessments.maturity import parse_model
from socialgov.core.models import OrgUnit, Person, Task
from socialgov.core.models.base import TimeStampedModel
from socialgov.policies.text import localized


class MaturityModel(TimeStampedModel):
    """One version of the maturity model from `library/maturity/`; earlier versions stay so
    old assessments keep their questions."""

    key = models.SlugField(_("key"), max_length=80)
    library_version = models.PositiveIntegerField(_("library version"))
    title = models.JSONField(_("title"))
    definition = models.JSONField(_("definition"))
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["key", "-library_version"]
        verbose_name = _("maturity model")
        verbose_name_plural = _("maturity models")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "library_version"], name="maturity_model_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{localized(self.title) or self.key} v{self.library_version}"

    def parsed(self) -> ModelDefinition:
        cached = getattr(self, "_parsed", None)
        if cached is None:
            cached = parse_model(self.definition, source=self.key)
            self._parsed = cached
        return cached


class AssessmentStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")


class Assessment(TimeStampedModel):
    """A run of the maturity model over the organisation or one org unit."""

    model = models.ForeignKey(
        MaturityModel, verbose_name=_("maturity model"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit (empty: whole organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.IN_PROGRESS,
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("compare with"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    overall_score = models.FloatField(_("overall score"), null=True, blank=True)
    results = models.JSONField(_("results"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=AssessmentStatus.values), name="assessment_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False)
                | Q(status="in_progress", completed_at__isnull=True),
                name="assessment_completed_at_consistent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Respondent(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="respondents",
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)

    class Meta:
        ordering = ["assessment", "person"]
        verbose_name = _("respondent")
        verbose_name_plural = _("respondents")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "person"], name="respondent_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.assessment}"


class Answer(models.Model):
    """One respondent's choice for one question; saved as they go, so they can resume."""

    respondent = models.ForeignKey(
        Respondent, verbose_name=_("respondent"), on_delete=models.CASCADE, related_name="answers"
    )
    question_key = models.CharField(_("question"), max_length=80)
    choice_key = models.CharField(_("choice"), max_length=80)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(_("answered"))

    class Meta:
        ordering = ["respondent", "question_key"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["respondent", "question_key"], name="answer_once")
        ]

    def __str__(self) -> str:
        return f"{self.question_key}={self.choice_key}"


class AssessmentGap(models.Model):
    """A question below its target when the assessment was completed, and the task it became."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="gaps"
    )
    domain_key = models.CharField(_("domain"), max_length=80)
    question_key = models.CharField(_("question"), max_length=80)
    level = models.FloatField(_("level"))
    target_level = models.PositiveSmallIntegerField(_("target level"))
    question_text = models.JSONField(_("question text"))
    action = models.JSONField(_("recommended action"))
    task = models.OneToOneField(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "level", "question_key"]
        verbose_name = _("gap")
        verbose_name_plural = _("gaps")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question_key"], name="gap_once"),
            models.CheckConstraint(
                condition=Q(level__lt=models.F("target_level")), name="gap_below_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.question_key}"
