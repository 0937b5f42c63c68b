"""Reads of the channel register, always through the access policies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    Channel,
    ChannelDirectoryEntry,
    ChannelStatus,
    DiscoveredAccount,
    GrantStatus,
    LinkedAccount,
    LinkStatus,
    ReviewStatus,
    Triage,
)
from socialgov.channels.posture import Deduction, Posture, PostureFacts, assess
from socialgov.core import permissions
from socialgov.core.models import OrgUnit
from socialgov.core.permissions import AnyUser

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])


@dataclass(frozen=True)
class ChannelFilters:
    platform: str = ""
    purpose: str = ""
    status: str = ""
    audience: str = ""
    owner: int | None = None
    org_unit: int | None = None
    search: str = ""


def _filtered(channels: QuerySetT, filters: ChannelFilters) -> QuerySetT:
    if filters.platform:
        channels = channels.filter(platform=filters.platform)
    if filters.purpose:
        channels = channels.filter(purpose=filters.purpose)
    if filters.status:
        channels = channels.filter(status=filters.status)
    if filters.audience:
        channels = channels.filter(audience=filters.audience)
    if filters.owner is not None:
        channels = channels.filter(owner_id=filters.owner)
    if filters.org_unit is not None:
        unit = OrgUnit.objects.filter(pk=filters.org_unit).only("path").first()
        channels = (
            channels.filter(org_unit__path__startswith=unit.path)
            if unit is not None
            else channels.none()
        )
    if filters.search:
        channels = channels.filter(
            models.Q(handle__icontains=filters.search)
            | models.Q(display_name__icontains=filters.search)
            | models.Q(brand__icontains=filters.search)
        )
    return channels


def channel_list(
    *, user: AnyUser, filters: ChannelFilters | None = None
) -> models.QuerySet[Channel]:
    channels = Channel.objects.select_related("owner", "deputy", "org_unit")
    return permissions.visible(user, _filtered(channels, filters or ChannelFilters()))


def channel_directory(
    *, user: AnyUser, filters: ChannelFilters | None = None
) -> models.QuerySet[ChannelDirectoryEntry]:
    """The public face of the register every employee may see."""
    entries = ChannelDirectoryEntry.objects.only(
        "platform", "handle", "url", "display_name", "purpose", "audience", "brand", "status"
    )
    return permissions.visible(user, _filtered(entries, filters or ChannelFilters()))


def channel_get(*, user: AnyUser, pk: int) -> Channel | None:
    return channel_list(user=user).filter(pk=pk).first()


def grant_list(*, user: AnyUser, channel: Channel | None = None) -> models.QuerySet[AccessGrant]:
    grants = AccessGrant.objects.select_related("person", "granted_by", "channel")
    if channel is not None:
        grants = grants.filter(channel=channel)
    return permissions.visible(user, grants)


def review_list(
    *, user: AnyUser, open_only: bool = False, channel: Channel | None = None
) -> models.QuerySet[AccessReview]:
    reviews = AccessReview.objects.select_related("channel__owner", "channel__deputy")
    if open_only:
        reviews = reviews.filter(status=ReviewStatus.OPEN)
    if channel is not None:
        reviews = reviews.filter(channel=channel)
    return permissions.visible(user, reviews)


def reviews_to_do(*, user: AnyUser) -> models.QuerySet[AccessReview]:
    """Open reviews of the channels the user answers for personally (owner or deputy)."""
    me = permissions.person_id(user)
    return review_list(user=user, open_only=True).filter(
        models.Q(channel__owner_id=me) | models.Q(channel__deputy_id=me)
    )


def linked_account_list(
    *, user: AnyUser, mine: bool = False, active_only: bool = False
) -> models.QuerySet[LinkedAccount]:
    accounts = LinkedAccount.objects.select_related("person")
    if mine:
        accounts = accounts.filter(person_id=permissions.person_id(user) or 0)
    if active_only:
        accounts = accounts.filter(status=LinkStatus.ACTIVE)
    return permissions.visible(user, accounts)


def discovered_account_list(
    *, user: AnyUser, triage: str = ""
) -> models.QuerySet[DiscoveredAccount]:
    accounts = DiscoveredAccount.objects.select_related("resembles", "registered_as")
    if triage:
        accounts = accounts.filter(triage=triage)
    return permissions.visible(user, accounts)


def orphaned_channels(*, user: AnyUser) -> models.QuerySet[Channel]:
    return channel_list(user=user).filter(status=ChannelStatus.ORPHANED)


def overdue_reviews(*, user: AnyUser) -> models.QuerySet[AccessReview]:
    return review_list(user=user, open_only=True).filter(due_on__lt=timezone.localdate())


def untriaged_count(*, user: AnyUser) -> int:
    return discovered_account_list(user=user, triage=Triage.NEW).count()


def leaver_grants(*, user: AnyUser) -> models.QuerySet[AccessGrant]:
    return grant_list(user=user).filter(status=GrantStatus.ACTIVE, leaver_flagged_at__isnull=False)


def channel_posture(channel: Channel) -> Posture:
    return assess(
        PostureFacts(
            mfa=channel.mfa,
            credential_custody=channel.credential_custody,
            recovery_email_owned=channel.recovery_email_owned,
            recovery_phone_owned=channel.recovery_phone_owned,
            third_party_apps=channel.third_party_apps,
            admin_count=channel.admin_count,
        )
    )


def deduction_reason(deduction: Deduction) -> str:
    """What a posture deduction means, in the reader's language."""
    simple = {
        "mfa_off": _("Multi-factor authentication is off."),
        "mfa_unknown": _("Nobody has confirmed multi-factor authentication is on."),
        "credentials_personal": _("The credentials sit in one person's own account."),
        "credentials_shared": _("The credentials are shared among people."),
        "credentials_unknown": _("Nobody knows where the credentials are kept."),
        "recovery_email_not_owned": _("The recovery e-mail is not the organisation's."),
        "recovery_email_unknown": _("The recovery e-mail is not known."),
        "recovery_phone_not_owned": _("The recovery phone is not the organisation's."),
        "recovery_phone_unknown": _("The recovery phone is not known."),
        "admins_unknown": _("The number of administrators is not known."),
        "single_admin": _("Only one administrator: losing them locks the account."),
    }
    if deduction.code in simple:
        return simple[deduction.code]
    if deduction.code == "third_party_apps":
        return ngettext(
            "%(count)d third-party app is connected.",
            "%(count)d third-party apps are connected.",
            deduction.count,
        ) % {"count": deduction.count}
    if deduction.code == "many_admins":
        return _("%(count)d administrators: more than needed.") % {"count": deduction.count}
    return deduction.code


def review_get(*, user: AnyUser, pk: int) -> AccessReview | None:
    return review_list(user=user).filter(pk=pk).first()


def discovered_account_get(*, user: AnyUser, pk: int) -> DiscoveredAccount | None:
    return discovered_account_list(user=user).filter(pk=pk).first()
