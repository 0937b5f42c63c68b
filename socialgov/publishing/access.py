"""Who sees and writes drafts. Community managers draft for the channels in their scope;
a channel's owner and deputy see its drafts and approve them; org-wide readers read all."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.publishing.models import Approval, Draft, PublishingPolicy

DRAFTERS = (Role.COMMUNITY_MANAGER, Role.CHANNEL_OWNER)
CALENDAR_ROLES = (
    Role.ADMIN,
    Role.GOVERNANCE_LEAD,
    Role.CHANNEL_OWNER,
    Role.COMMUNITY_MANAGER,
    Role.AUDITOR,
)


def channels_for(user: AnyUser, *roles: str) -> models.Q:
    """A filter on Channel: those the user holds one of `roles` over (at any scope), plus,
    when the channel owner role is asked for, the channels the user owns or deputises."""
    if not user.is_authenticated:
        return models.Q(pk__in=[])
    if permissions.has_org_role(user, *roles):
        return models.Q()
    query = models.Q(pk__in=permissions.object_ids(user, Channel, *roles))
    query |= permissions.org_unit_q(user, "org_unit", *roles)
    person = permissions.person_id(user)
    if Role.CHANNEL_OWNER in roles and person is not None:
        query |= models.Q(owner_id=person) | models.Q(deputy_id=person)
    return query


def draftable_channels(user: AnyUser) -> models.QuerySet[Channel]:
    if permissions.is_read_only(user):
        return Channel.objects.none()
    if permissions.has_org_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD):
        return Channel.objects.all()
    return Channel.objects.filter(channels_for(user, *DRAFTERS))


def can_approve(user: AnyUser, draft: Draft, policy: PublishingPolicy) -> bool:
    """Whether the user holds an approving role for the draft's channel (never their own)."""
    if not user.is_authenticated or permissions.is_read_only(user) or draft.author_id == user.pk:
        return False
    if is_channel_owner(user, draft.channel):
        return True
    roles = [r for r in policy.roles() if r != Role.CHANNEL_OWNER]
    return (
        bool(roles)
        and Channel.objects.filter(channels_for(user, *roles), pk=draft.channel_id).exists()
    )


def is_channel_owner(user: AnyUser, channel: Channel) -> bool:
    person = permissions.person_id(user)
    return person is not None and person in (channel.owner_id, channel.deputy_id)


@register(Draft)
class DraftPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        channels = Channel.objects.filter(
            channels_for(user, Role.COMMUNITY_MANAGER, Role.CHANNEL_OWNER)
        )
        return queryset.filter(models.Q(author_id=user.pk) | models.Q(channel__in=channels))

    def can_create(self, user: AnyUser) -> bool:
        return draftable_channels(user).exists()

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return bool(obj.author_id == user.pk or is_channel_owner(user, obj.channel))


@register(PublishingPolicy, Approval)
class PublishingPolicyPolicy(Policy):
    """Leads and admins set approval policies; owners and community managers read theirs."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        channels = Channel.objects.filter(
            channels_for(user, Role.COMMUNITY_MANAGER, Role.CHANNEL_OWNER)
        )
        field = "draft__channel__in" if queryset.model is Approval else "channel__in"
        return queryset.filter(**{field: channels})
