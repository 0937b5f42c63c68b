"""Who sees and manages what in the risk register.

- Reference content (matrices, risk types, controls) is read by everyone signed in and changed
  by admins and governance leads.
- A channel's risks are seen and managed by whoever answers for the channel in the register
  (its owner and deputy, a channel owner role on that channel, a governance lead over its org
  unit), and by the risk's own owner. Org-wide admins, governance leads, auditors and
  analysts read them all; the auditor and the analyst never write.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.channels.access import channel_scope_q
from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.risks.models import (
    KRI,
    AppliedControl,
    ChannelRisk,
    Control,
    KRIMeasurement,
    RiskAcceptance,
    RiskMatrix,
    RiskScoreChange,
    RiskSettings,
    RiskTreatment,
    RiskType,
)

MANAGING_ROLES = (Role.CHANNEL_OWNER, Role.GOVERNANCE_LEAD)


def channel_q(user: AnyUser, prefix: str = "") -> models.Q:
    """Channels whose risks the user manages: those the user answers for in the channel register
    (owner, deputy, channel owner role on it, governance lead over its unit)."""
    return channel_scope_q(user, prefix)


def manages_channel(user: AnyUser, channel: Channel) -> bool:
    """Whether the user may add and manage risks of this channel: whoever may change it."""
    return permissions.can_change(user, channel)


def may_accept_risks(user: AnyUser, channel: Channel | None = None) -> bool:
    """Accepting a risk takes a governance lead (over the organisation or the channel's unit)
    or an admin."""
    if not user.is_authenticated or permissions.is_read_only(user):
        return False
    if permissions.has_org_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD):
        return True
    if channel is None or channel.org_unit_id is None:
        return False
    unit_q = permissions.org_unit_q(user, "org_unit", Role.GOVERNANCE_LEAD)
    return Channel.objects.filter(unit_q, pk=channel.pk).exists()


class ReferencePolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset


register(RiskMatrix, RiskType, Control, RiskSettings)(ReferencePolicy)


@register(ChannelRisk)
class ChannelRiskPolicy(Policy):
    org_readers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(owner_id=permissions.person_id(user))
        return queryset.filter(own | channel_q(user, "channel__"))

    def can_create(self, user: AnyUser) -> bool:
        # Which channel is checked by the service; here: could this user manage any channel?
        if super().can_create(user):
            return True
        return (
            user.is_authenticated
            and not permissions.is_read_only(user)
            and (
                permissions.has_role(user, *MANAGING_ROLES)
                or Channel.objects.filter(channel_q(user)).exists()
            )
        )

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        if obj.owner_id is not None and obj.owner_id == permissions.person_id(user):
            return True
        return manages_channel(user, obj.channel)


class RiskPartPolicy(Policy):
    """Parts of a risk (controls, history, treatments, acceptances) follow the risk."""

    org_readers = ChannelRiskPolicy.org_readers

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        own = models.Q(risk__owner_id=permissions.person_id(user))
        return queryset.filter(own | channel_q(user, "risk__channel__"))

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return ChannelRiskPolicy().can_change(user, obj.risk)


register(AppliedControl, RiskScoreChange, RiskTreatment, RiskAcceptance)(RiskPartPolicy)


@register(KRI)
class KRIPolicy(Policy):
    """A KRI is seen by its owner, by those who manage its channel and by the owners of the
    risks it is tied to."""

    org_readers = ChannelRiskPolicy.org_readers

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        person = permissions.person_id(user)
        risk_ids = permissions.visible(user, ChannelRisk.objects.all()).values("pk")
        query = (
            models.Q(owner_id=person)
            | channel_q(user, "channel__")
            | models.Q(risks__in=models.Subquery(risk_ids))
        )
        return queryset.filter(pk__in=queryset.model._default_manager.filter(query).values("pk"))

    def can_create(self, user: AnyUser) -> bool:
        return ChannelRiskPolicy().can_create(user)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        if obj.owner_id == permissions.person_id(user):
            return True
        return obj.channel_id is not None and manages_channel(user, obj.channel)


@register(KRIMeasurement)
class KRIMeasurementPolicy(Policy):
    org_readers = ChannelRiskPolicy.org_readers

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        kris = permissions.visible(user, KRI.objects.all()).values("pk")
        return queryset.filter(kri__in=models.Subquery(kris))

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False
