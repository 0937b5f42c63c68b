from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models.choices import (
    Answer,
    Audience,
    ChannelStatus,
    CredentialCustody,
    Platform,
    Purpose,
)
from socialgov.core.models import OrgUnit, Person
from socialgov.core.models.base import TimeStampedModel

# External channels are recertified quarterly unless the channel says otherwise; internal
# collaboration spaces twice a year.
DEFAULT_REVIEW_DAYS = {Audience.EXTERNAL: 91, Audience.INTERNAL: 182}


class Channel(TimeStampedModel):
    """One account, page or space the organisation uses, with the one person who answers for it."""

    platform = models.CharField(_("platform"), max_length=30, choices=Platform.choices)
    # Normalised per platform (see socialgov.channels.handles), so uniqueness means something.
    handle = models.CharField(_("handle"), max_length=200)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    brand = models.CharField(_("brand or business unit"), max_length=200, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="channels",
    )
    reach = models.PositiveIntegerField(_("reach (followers or members)"), null=True, blank=True)
    verified = models.BooleanField(_("verified by the platform"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ChannelStatus.choices, default=ChannelStatus.PLANNED
    )
    # Exactly one accountable owner, always: the column is NOT NULL and PROTECTed. When the owner
    # leaves, the row keeps them (the last person who answered) and the status says orphaned.
    owner = models.ForeignKey(
        Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="owned_channels"
    )
    deputy = models.ForeignKey(
        Person,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_channels",
    )
    # The status to return to once a new owner is set.
    status_before_orphaned = models.CharField(
        max_length=10, choices=ChannelStatus.choices, blank=True, editable=False
    )
    started_on = models.DateField(_("in use since"), null=True, blank=True)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    # Account security posture.
    mfa = models.CharField(
        _("multi-factor authentication on the account"),
        max_length=10,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
    )
    credential_custody = models.CharField(
        _("where the credentials are kept"),
        max_length=20,
        choices=CredentialCustody.choices,
        default=CredentialCustody.UNKNOWN,
    )
    recovery_email_owned = models.CharField(
        _("recovery e-mail owned by the organisation"),
        max_length=10,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
    )
    recovery_phone_owned = models.CharField(
        _("recovery phone owned by the organisation"),
        max_length=10,
        choices=Answer.choices,
        default=Answer.UNKNOWN,
    )
    third_party_apps = models.PositiveSmallIntegerField(_("third-party apps connected"), default=0)
    admin_count = models.PositiveSmallIntegerField(
        _("number of administrators"), null=True, blank=True
    )

    # Access reviews.
    review_every_days = models.PositiveSmallIntegerField(
        _("access review every (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: quarterly for external channels, twice a year for internal ones."),
    )
    last_reviewed_on = models.DateField(_("last access review"), null=True, blank=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        indexes = [
            models.Index(fields=["status", "platform"]),
            models.Index(fields=["purpose"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["platform", "handle"], name="channel_handle_unique"),
            models.CheckConstraint(condition=~Q(handle=""), name="channel_handle_not_empty"),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="channel_platform_valid"
            ),
            models.CheckConstraint(
                condition=Q(purpose__in=Purpose.values), name="channel_purpose_valid"
            ),
            models.CheckConstraint(
                condition=Q(audience__in=Audience.values), name="channel_audience_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ChannelStatus.values), name="channel_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status_before_orphaned__in=["", *ChannelStatus.values]),
                name="channel_status_before_orphaned_valid",
            ),
            models.CheckConstraint(condition=Q(mfa__in=Answer.values), name="channel_mfa_valid"),
            models.CheckConstraint(
                condition=Q(credential_custody__in=CredentialCustody.values),
                name="channel_credential_custody_valid",
            ),
            models.CheckConstraint(
                condition=Q(recovery_email_owned__in=Answer.values),
                name="channel_recovery_email_valid",
            ),
            models.CheckConstraint(
                condition=Q(recovery_phone_owned__in=Answer.values),
                name="channel_recovery_phone_valid",
            ),
            models.CheckConstraint(
                condition=Q(deputy__isnull=True) | ~Q(deputy=F("owner")),
                name="channel_deputy_is_not_owner",
            ),
            models.CheckConstraint(
                condition=Q(review_every_days__isnull=True) | Q(review_every_days__gte=7),
                name="channel_review_every_week_or_less_often",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} {self.display_name or self.handle}"

    @property
    def review_interval(self) -> dt.timedelta:
        days = self.review_every_days or DEFAULT_REVIEW_DAYS.get(
            Audience(self.audience), DEFAULT_REVIEW_DAYS[Audience.EXTERNAL]
        )
        return dt.timedelta(days=days)

    @property
    def next_review_due(self) -> dt.date | None:
        """When the next access review is due; None for channels that need none."""
        if self.status in (ChannelStatus.PLANNED, ChannelStatus.RETIRED):
            return None
        start = self.last_reviewed_on or self.started_on or self.created_at.date()
        return start + self.review_interval


class ChannelDirectoryEntry(Channel):
    """The public face of a channel (platform, handle, URL, purpose) that every employee may see;
    a proxy so it has its own access policy, separate from the full record."""

    class Meta:
        proxy = True
        verbose_name = _("channel directory entry")
        verbose_name_plural = _("channel directory")
