"""Who may see and change channels, their access lists, linked and discovered accounts.

- Org-wide admins, governance leads, auditors and analysts read the whole register; admins and
  leads change it; auditors never write.
- A channel's owner and deputy, a holder of the channel owner role on that one channel, and a
  governance lead over the channel's org unit see and change that channel and its access list.
- Every employee sees the public face of the register (the directory); linked private accounts
  are seen by the person who declared them and by the governance lead, nobody else.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    AccessReviewDecision,
    Channel,
    ChannelDirectoryEntry,
    ChannelStatus,
    DiscoveredAccount,
    LinkedAccount,
)
from socialgov.core import accountability, permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register

REGISTER_READERS = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)
REGISTER_WRITERS = (Role.ADMIN, Role.GOVERNANCE_LEAD)


def channel_scope_q(user: AnyUser, prefix: str = "") -> models.Q:
    """Channels (reached through `prefix`, e.g. "channel__") the user answers for."""
    query = models.Q(pk__in=[])
    me = permissions.person_id(user)
    if me is not None:
        query |= models.Q(**{f"{prefix}owner_id": me}) | models.Q(**{f"{prefix}deputy_id": me})
    ids = permissions.object_ids(user, Channel, Role.CHANNEL_OWNER)
    if ids:
        query |= models.Q(**{f"{prefix}id__in" if prefix else "pk__in": sorted(ids)})
    query |= permissions.org_unit_q(user, f"{prefix}org_unit", Role.GOVERNANCE_LEAD)
    return query


def answers_for(user: AnyUser, channel: Channel) -> bool:
    """Whether the user is the channel's owner or deputy or holds the owner role on it."""
    me = permissions.person_id(user)
    if me is not None and me in (channel.owner_id, channel.deputy_id):
        return True
    return channel.pk in permissions.object_ids(user, Channel, Role.CHANNEL_OWNER)


def _in_unit_scope(user: AnyUser, channel: Channel) -> bool:
    paths = permissions.org_unit_paths(user, Role.GOVERNANCE_LEAD)
    return (
        bool(paths)
        and channel.org_unit is not None
        and channel.org_unit.path.startswith(tuple(paths))
    )


def may_move_ownership(user: AnyUser, channel: Channel) -> bool:
    """Who may hand a channel to a new owner or change its deputy: the shared accountability
    rule (`socialgov.core.accountability`). A deputy or a holder of the channel owner role on
    that channel never moves the accountability alone."""
    return accountability.may_transfer(
        user, accountable_id=channel.owner_id, org_units=[channel.org_unit]
    )


def can_change_channel(user: AnyUser, channel: Channel) -> bool:
    return permissions.can_change(user, channel)


@register(Channel)
class ChannelPolicy(Policy):
    org_readers = REGISTER_READERS
    org_writers = REGISTER_WRITERS

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(channel_scope_q(user))

    def can_create(self, user: AnyUser) -> bool:
        # Channel owners may register channels too, with themselves as owner (checked by views).
        return super().can_create(user) or (
            user.is_authenticated
            and not permissions.is_read_only(user)
            and permissions.has_role(user, Role.CHANNEL_OWNER)
            and permissions.person_id(user) is not None
        )

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return answers_for(user, obj) or _in_unit_scope(user, obj)


@register(ChannelDirectoryEntry)
class ChannelDirectoryPolicy(Policy):
    """Public facts of channels in use, for everyone signed in; nobody writes through it."""

    org_readers = ()
    org_writers = ()

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.exclude(status__in=[ChannelStatus.PLANNED, ChannelStatus.RETIRED])

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False


class _ChannelChildPolicy(Policy):
    org_readers = REGISTER_READERS
    org_writers = REGISTER_WRITERS
    channel_path = "channel__"

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(channel_scope_q(user, self.channel_path))

    def channel_of(self, obj: Any) -> Channel:
        channel: Channel = obj.channel
        return channel

    def can_create(self, user: AnyUser) -> bool:
        # Creation is checked against the channel by the view: whoever may change it may add.
        return user.is_authenticated and not permissions.is_read_only(user)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return permissions.can_change(user, self.channel_of(obj))


@register(AccessGrant)
class AccessGrantPolicy(_ChannelChildPolicy):
    pass


@register(AccessReview)
class AccessReviewPolicy(_ChannelChildPolicy):
    pass


@register(AccessReviewDecision)
class AccessReviewDecisionPolicy(_ChannelChildPolicy):
    channel_path = "review__channel__"

    def channel_of(self, obj: Any) -> Channel:
        channel: Channel = obj.review.channel
        return channel


@register(LinkedAccount)
class LinkedAccountPolicy(Policy):
    """Private declarations: the declarer and the governance lead, nobody else (not even
    admins or auditors, who see that declarations exist only through aggregate figures)."""

    org_readers = (Role.GOVERNANCE_LEAD,)
    org_writers = ()

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(person_id=permissions.person_id(user))

    def can_create(self, user: AnyUser) -> bool:
        return (
            user.is_authenticated
            and not permissions.is_read_only(user)
            and permissions.person_id(user) is not None
        )

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        me = permissions.person_id(user)
        return me is not None and obj.person_id == me


@register(DiscoveredAccount)
class DiscoveredAccountPolicy(Policy):
    """Analysts triage lookalikes with the lead; a channel's owner sees those of their channel."""

    org_readers = REGISTER_READERS
    org_writers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(resembles__isnull=False).filter(channel_scope_q(user, "resembles__"))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return obj.resembles_id is not None and answers_for(user, obj.resembles)
