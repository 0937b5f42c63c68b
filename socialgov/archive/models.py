"""The archive of the organisation's own content: every version of every item, each with a
content hash chained to the one before, legal holds and retention per channel kind."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel
from socialgov.core.models.base import TimeStampedModel


class ItemKind(models.TextChoices):
    PUBLISHED = "published", _("Published by the organisation")
    OWN_CHANNEL = "own_channel", _("Seen on an own channel")
    INTERNAL = "internal", _("Internal-tool message")


class ArchivedItem(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices)
    platform = models.CharField(_("platform"), max_length=40)
    external_id = models.CharField(_("external id"), max_length=255)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    text = models.TextField(_("text"), blank=True)
    published_at = models.DateTimeField(_("published"))
    deleted_at = models.DateTimeField(_("deleted on the platform"), null=True, blank=True)
    captured_at = models.DateTimeField(_("captured"), auto_now_add=True)

    class Meta:
        verbose_name = _("archived item")
        verbose_name_plural = _("archived items")
        constraints = [
            models.UniqueConstraint(fields=["platform", "external_id"], name="archive_item_once"),
            models.CheckConstraint(
                condition=Q(kind__in=ItemKind.values), name="archive_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "published_at"]),
            # The search lists newest first: for a common word, walking this index and
            # checking each row's text reaches a page long before sorting every match would.
            models.Index(fields=["-published_at", "-id"], name="archive_item_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.external_id}"


class ArchivedVersion(models.Model):
    item = models.ForeignKey(ArchivedItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    deleted = models.BooleanField(default=False)
    captured_at = models.DateTimeField()
    content_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("archived version")
        verbose_name_plural = _("archived versions")
        ordering = ["item_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="archive_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} v{self.number}"


class RetentionRule(TimeStampedModel):
    """How long items of one kind are kept."""

    kind = models.CharField(_("kind"), max_length=20, choices=ItemKind.choices, unique=True)
    days = models.PositiveIntegerField(_("keep for (days)"))

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")
        constraints = [
            models.CheckConstraint(condition=Q(days__gte=1), name="retention_at_least_a_day")
        ]


class LegalHold(TimeStampedModel):
    """Content matching every given criterion is kept, whatever retention says, until released."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    channel = models.ForeignKey(
        Channel, verbose_name=_("channel"), null=True, blank=True, on_delete=models.PROTECT
    )
    author = models.CharField(_("author"), max_length=200, blank=True)
    period_start = models.DateTimeField(_("from"), null=True, blank=True)
    period_end = models.DateTimeField(_("until"), null=True, blank=True)
    query = models.CharField(_("search text"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")
        constraints = [
            models.CheckConstraint(
                condition=~Q(channel__isnull=True, author="", query="")
                | Q(period_start__isnull=False)
                | Q(period_end__isnull=False),
                name="legal_hold_has_a_criterion",
            )
        ]

    def __str__(self) -> str:
        return self.name
