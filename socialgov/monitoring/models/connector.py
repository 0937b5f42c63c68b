from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from socialgov.core.models.base import TimeStampedModel
from socialgov.monitoring.models.choices import ConnectorHealth


class Connector(TimeStampedModel):
    """One configured source of posts, with the state that lets it resume after a crash.

    `kind` names a registered connector sub-package. It is validated against the registry
    rather than a database constraint, so adding a platform needs no migration.
    """

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=40)
    config = models.JSONField(_("configuration"), default=dict, blank=True)
    # Fernet token of a JSON object (see socialgov.monitoring.encryption); never shown again.
    secrets_token = models.TextField(blank=True, editable=False)
    channel = models.ForeignKey(
        "channels.Channel",
        verbose_name=_("channel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connectors",
        help_text=_("Posts without a recognisable channel are attributed to this one."),
    )
    # A connector that reads an employee's declared private account, with their consent: its
    # posts are theirs (visible to them and the governance lead only) and go with the consent.
    linked_account = models.ForeignKey(
        "channels.LinkedAccount",
        verbose_name=_("linked private account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="connectors",
    )
    # Told when the connector fails (expired credentials); the channel's owner when empty.
    contact = models.ForeignKey(
        "core.Person",
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_connectors",
    )
    is_active = models.BooleanField(_("active"), default=True)
    poll_interval_seconds = models.PositiveIntegerField(_("poll every (seconds)"), default=300)
    next_poll_at = models.DateTimeField(null=True, blank=True)
    cursor = models.JSONField(default=dict, blank=True, editable=False)
    health = models.CharField(
        _("health"), max_length=10, choices=ConnectorHealth.choices, default=ConnectorHealth.UNKNOWN
    )
    last_error = models.TextField(_("last error"), blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    posts_received = models.PositiveBigIntegerField(_("posts received"), default=0)
    items_rejected = models.PositiveBigIntegerField(_("items rejected"), default=0)
    # The latest rejections and normalisation notes, for the health view (bounded list).
    recent_problems = models.JSONField(default=list, blank=True, editable=False)
    # A worker holds the lease while it polls, so two workers never poll one connector.
    lease_owner = models.CharField(max_length=100, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("connector")
        verbose_name_plural = _("connectors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(health__in=ConnectorHealth.values), name="connector_health_valid"
            ),
            models.CheckConstraint(
                condition=Q(poll_interval_seconds__gte=5), name="connector_poll_interval_min"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def secrets(self) -> dict[str, Any]:
        from socialgov.monitoring.encryption import decrypt_json

        return decrypt_json(self.secrets_token) if self.secrets_token else {}
