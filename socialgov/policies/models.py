from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import Person
from socialgov.core.models.base import TimeStampedModel
from socialgov.policies.audience import AudienceFields
from socialgov.policies.text import localized


class PolicyCategory(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    SPOKESPEOPLE = "spokespeople", _("Spokespeople and channel admins")
    INTERNAL_TOOLS = "internal_tools", _("Internal collaboration tools")
    PERSONAL_USE = "personal_use", _("Personal use")
    OTHER = "other", _("Other")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class CampaignStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    SUPERSEDED = "superseded", _("Superseded by a newer version")


class AcknowledgementMethod(models.TextChoices):
    PORTAL = "portal", _("Portal")
    EMAIL_LINK = "email_link", _("E-mail link")
    API = "api", _("API")


class Policy(TimeStampedModel):
    """A guideline people must know, e.g. the social media policy for employees."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    title = models.JSONField(_("title"))
    category = models.CharField(
        _("category"), max_length=20, choices=PolicyCategory.choices, default=PolicyCategory.OTHER
    )
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_policies"
    )
    approver = models.ForeignKey(
        Person,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="approved_policies",
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    template_key = models.CharField(_("library template"), max_length=80, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=PolicyCategory.values), name="policy_category_valid"
            )
        ]

    def __str__(self) -> str:
        return str(localized(self.title)) or self.key


class PolicyVersion(TimeStampedModel):
    """One wording of a policy, in one or more languages, moving from draft to retired."""

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.CASCADE, related_name="versions"
    )
    major = models.PositiveSmallIntegerField(_("major version"))
    minor = models.PositiveSmallIntegerField(_("minor version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.JSONField(_("title"))
    body = models.JSONField(_("text (Markdown)"))
    # Per language like the title and body: the approver and the readers see it in theirs.
    change_summary = models.JSONField(_("what changed"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["policy", "-major", "-minor"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "major", "minor"], name="policy_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["policy"],
                condition=Q(status="published"),
                name="policy_one_published_version",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="policy_version_status_valid"
            ),
            models.CheckConstraint(condition=Q(major__gte=1), name="policy_version_major_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.policy} {self.number}"

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    def title_in(self, language: str | None = None) -> str:
        return str(localized(self.title, language))

    def body_in(self, language: str | None = None) -> str:
        return str(localized(self.body, language))

    def change_summary_in(self, language: str | None = None) -> str:
        return str(localized(self.change_summary, language))


class AcknowledgementCampaign(AudienceFields, TimeStampedModel):
    """Asking an audience to read and acknowledge one published version by a deadline."""

    version = models.ForeignKey(
        PolicyVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="campaigns"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("acknowledgement campaign")
        verbose_name_plural = _("acknowledgement campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CampaignStatus.values), name="ack_campaign_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} · {self.deadline}"


class Acknowledgement(models.Model):
    """Evidence: this person acknowledged this exact version, at this time, this way."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="acknowledgements"
    )
    version = models.ForeignKey(
        PolicyVersion,
        verbose_name=_("version"),
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"))
    method = models.CharField(_("how"), max_length=20, choices=AcknowledgementMethod.choices)

    class Meta:
        ordering = ["-acknowledged_at"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["person", "version"], name="acknowledgement_once"),
            models.CheckConstraint(
                condition=Q(method__in=AcknowledgementMethod.values),
                name="acknowledgement_method_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.version}"


class AcknowledgementRequest(models.Model):
    """One person asked by one campaign; carries the reminder and escalation state."""

    campaign = models.ForeignKey(
        AcknowledgementCampaign,
        verbose_name=_("campaign"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="acknowledgement_requests",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    acknowledgement = models.ForeignKey(
        Acknowledgement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"))
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)

    class Meta:
        ordering = ["campaign", "person"]
        verbose_name = _("acknowledgement request")
        verbose_name_plural = _("acknowledgement requests")
        indexes = [models.Index(fields=["person", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "person"], name="ack_request_once"),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values), name="ack_request_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.campaign}"


class PolicyTemplate(TimeStampedModel):
    """A policy text from the reference library, to start a policy from."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    library_version = models.PositiveIntegerField(_("library version"), default=1)
    category = models.CharField(_("category"), max_length=20, choices=PolicyCategory.choices)
    title = models.JSONField(_("title"))
    body = models.JSONField(_("text (Markdown)"))
    checksum = models.CharField(max_length=64)

    class Meta:
        ordering = ["key"]
        verbose_name = _("policy template")
        verbose_name_plural = _("policy templates")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=PolicyCategory.values),
                name="policy_template_category_valid",
            )
        ]

    def __str__(self) -> str:
        return str(localized(self.title)) or self.key
