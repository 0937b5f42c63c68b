from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models.channel import Channel
from socialgov.channels.models.choices import (
    AccessRole,
    EscalationLevel,
    GrantStatus,
    ReviewDecisionChoice,
    ReviewStatus,
)
from socialgov.core.models import Person, Task
from socialgov.core.models.base import TimeStampedModel


class AccessGrant(TimeStampedModel):
    """Someone who holds a role on the platform account: an employee or an outside agency."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="grants"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channel_grants",
    )
    # For people outside the HR register (agency staff, freelancers).
    external_name = models.CharField(_("external holder"), max_length=200, blank=True)
    agency = models.CharField(_("agency or company"), max_length=200, blank=True)
    role = models.CharField(_("role on the platform"), max_length=20, choices=AccessRole.choices)
    granted_by = models.ForeignKey(
        Person,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_on = models.DateField(_("granted on"))
    status = models.CharField(
        _("status"), max_length=10, choices=GrantStatus.choices, default=GrantStatus.ACTIVE
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    # Set when the holder left the organisation while still holding the grant.
    leaver_flagged_at = models.DateTimeField(_("holder left on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["channel", "status", "id"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(external_name=""),
                name="grant_has_a_holder",
            ),
            models.CheckConstraint(
                condition=Q(role__in=AccessRole.values), name="grant_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=GrantStatus.values), name="grant_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=GrantStatus.ACTIVE, revoked_on__isnull=True)
                | Q(status=GrantStatus.REVOKED, revoked_on__isnull=False),
                name="grant_revoked_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.holder} · {self.get_role_display()}"

    @property
    def holder(self) -> str:
        name = str(self.person) if self.person_id else self.external_name
        return f"{name} ({self.agency})" if self.agency else name

    @property
    def is_external(self) -> bool:
        return self.person_id is None or bool(self.agency)


class AccessReview(TimeStampedModel):
    """One periodic recertification of a channel's grants by its owner."""

    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), on_delete=models.CASCADE, related_name="reviews"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(_("last reminder"), null=True, blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    class Meta:
        ordering = ["-due_on", "-id"]
        verbose_name = _("access review")
        verbose_name_plural = _("access reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReviewStatus.values), name="review_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(escalation__in=EscalationLevel.values), name="review_escalation_valid"
            ),
            # One open review per channel at a time, so a scheduler run twice opens one.
            models.UniqueConstraint(
                fields=["channel"],
                condition=Q(status=ReviewStatus.OPEN),
                name="review_one_open_per_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.due_on:%Y-%m-%d}"


class AccessReviewDecision(TimeStampedModel):
    """Keep or revoke, for one grant in one review."""

    review = models.ForeignKey(
        AccessReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="decisions"
    )
    grant = models.ForeignKey(
        AccessGrant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=ReviewDecisionChoice.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The task that carries out a revocation on the platform.
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["review", "id"]
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        constraints = [
            models.UniqueConstraint(fields=["review", "grant"], name="decision_once_per_grant"),
            models.CheckConstraint(
                condition=Q(decision__in=ReviewDecisionChoice.values), name="decision_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant}: {self.get_decision_display()}"
