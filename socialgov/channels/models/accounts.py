from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models.channel import Channel
from socialgov.channels.models.choices import (
    DiscoverySource,
    LinkRelation,
    LinkStatus,
    Platform,
    Triage,
    WatchScope,
)
from socialgov.core.models import Person, Task
from socialgov.core.models.base import TimeStampedModel


class LinkedAccount(TimeStampedModel):
    """An employee's own account that is linked to the organisation, declared by themselves."""

    person = models.ForeignKey(
        Person, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="linked_accounts"
    )
    platform = models.CharField(_("platform"), max_length=30, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    relation = models.CharField(_("relation"), max_length=20, choices=LinkRelation.choices)
    consent_given = models.BooleanField(_("consent given"), default=False)
    consent_at = models.DateTimeField(_("consent given on"), null=True, blank=True)
    watch = models.CharField(
        _("what may be watched"),
        max_length=20,
        choices=WatchScope.choices,
        default=WatchScope.IMPERSONATION,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LinkStatus.choices, default=LinkStatus.ACTIVE
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["person", "platform", "handle"]
        verbose_name = _("linked private account")
        verbose_name_plural = _("linked private accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "platform", "handle"],
                condition=Q(status=LinkStatus.ACTIVE),
                name="linked_account_declared_once",
            ),
            models.CheckConstraint(condition=~Q(handle=""), name="linked_account_handle_not_empty"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="linked_account_platform_valid"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=LinkRelation.values), name="linked_account_relation_valid"
            ),
            models.CheckConstraint(
                condition=Q(watch__in=WatchScope.values), name="linked_account_watch_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=LinkStatus.values), name="linked_account_status_valid"
            ),
            # Nothing is watched without a recorded consent.
            models.CheckConstraint(
                condition=Q(consent_given=False) | Q(consent_at__isnull=False),
                name="linked_account_consent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"


class DiscoveredAccount(TimeStampedModel):
    """An account that claims or resembles the brand but is not in the register."""

    platform = models.CharField(_("platform"), max_length=30, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    similarity = models.FloatField(
        _("similarity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.0), MaxValueValidator(1.0)],
    )
    resembles = models.ForeignKey(
        Channel,
        verbose_name=_("resembles"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lookalikes",
    )
    source = models.CharField(
        _("source"), max_length=20, choices=DiscoverySource.choices, default=DiscoverySource.MANUAL
    )
    triage = models.CharField(
        _("triage"), max_length=20, choices=Triage.choices, default=Triage.NEW
    )
    triaged_at = models.DateTimeField(_("triaged"), null=True, blank=True)
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    triage_note = models.CharField(_("triage note"), max_length=1000, blank=True)
    registered_as = models.ForeignKey(
        Channel,
        verbose_name=_("registered as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    incident_task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["triage", "-similarity", "-id"]
        verbose_name = _("discovered account")
        verbose_name_plural = _("discovered accounts")
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="discovered_handle_unique"),
            models.CheckConstraint(condition=~Q(handle=""), name="discovered_handle_not_empty"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="discovered_platform_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__in=DiscoverySource.values), name="discovered_source_valid"
            ),
            models.CheckConstraint(
                condition=Q(triage__in=Triage.values), name="discovered_triage_valid"
            ),
            models.CheckConstraint(
                condition=Q(similarity__isnull=True) | Q(similarity__gte=0.0, similarity__lte=1.0),
                name="discovered_similarity_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.handle}"
