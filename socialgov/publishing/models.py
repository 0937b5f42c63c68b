"""Drafts written for a channel, the channel's approval policy, approvals and the publication
record (the platform's id of the post once it is out)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel
from socialgov.core.models import Role
from socialgov.core.models.base import TimeStampedModel


class DraftState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHING = "publishing", _("Publishing")
    PUBLISHED = "published", _("Published")
    FAILED = "failed", _("Failed")


class Language(models.TextChoices):
    EN = "en", _("English")
    NL = "nl", _("Dutch")
    FR = "fr", _("French")


class PublishingPolicy(TimeStampedModel):
    """How a channel publishes: its language, length limit and who must approve."""

    channel = models.OneToOneField(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="publishing"
    )
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    approvals_required = models.PositiveSmallIntegerField(_("approvals required"), default=1)
    approver_roles = models.JSONField(
        _("roles that may approve"), default=list, blank=True
    )  # empty: the channel's owner and deputy, governance leads and admins
    owner_must_approve = models.BooleanField(_("the owner must approve"), default=True)
    max_length = models.PositiveIntegerField(_("maximum length"), default=500)
    policy_rules = models.JSONField(_("policy rules"), default=list, blank=True)

    class Meta:
        verbose_name = _("publishing policy")
        verbose_name_plural = _("publishing policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="publishing_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(approvals_required__gte=1), name="publishing_needs_an_approval"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}"

    def roles(self) -> list[str]:
        chosen = [r for r in self.approver_roles if r in Role.values]
        return chosen or [Role.CHANNEL_OWNER, Role.GOVERNANCE_LEAD, Role.ADMIN]


class Draft(TimeStampedModel):
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="drafts"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="drafts",
    )
    text = models.TextField(_("text"), max_length=20_000)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices)
    scheduled_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    reply_to_external_id = models.CharField(_("answers post"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=DraftState.choices, default=DraftState.DRAFT
    )
    revision = models.PositiveIntegerField(default=1, editable=False)
    findings = models.JSONField(default=list, blank=True, editable=False)
    override_reason = models.TextField(_("override reason"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    claim = models.CharField(max_length=40, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    platform_post_id = models.CharField(_("platform id"), max_length=255, blank=True)
    platform_url = models.URLField(_("link"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        verbose_name = _("draft")
        verbose_name_plural = _("drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["state", "scheduled_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DraftState.values), name="draft_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(language__in=Language.values), name="draft_language_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state=DraftState.PUBLISHED) | ~Q(platform_post_id=""),
                name="draft_published_has_platform_id",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Approval(models.Model):
    """One approver's yes to one revision of a draft; an edit makes earlier approvals stale."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveIntegerField()
    as_owner = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "approver", "revision"], name="approval_once_per_revision"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} r{self.revision} by {self.approver_id}"


def media_path(instance: DraftMedia, filename: str) -> str:
    # The stored name is ours, never the uploader's: the extension follows the checked content.
    return f"publishing/{instance.draft_id}/{instance.token}.{filename.rsplit('.', 1)[-1]}"


class DraftMedia(models.Model):
    """An image attached to a draft, checked by content when uploaded (see media.py)."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="media")
    token = models.CharField(max_length=32, unique=True, editable=False)
    file = models.FileField(_("image"), upload_to=media_path, max_length=200)
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["draft_id", "id"]

    def __str__(self) -> str:
        return f"{self.draft_id}: {self.token}"
