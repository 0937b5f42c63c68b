"""Who reads reports: leads, admins and auditors everything; analysts the monitoring trends;
channel owners and deputies the trends of their channels. Employees have no report access."""

from __future__ import annotations

from django.db import models

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.reports.models import ChannelActivity

BOARD_READERS = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR)
LEAD_VIEW = BOARD_READERS
ANALYST_VIEW = (Role.ANALYST,)
OWNER_VIEW = (Role.CHANNEL_OWNER,)


@register(ChannelActivity)
class ActivityPolicy(Policy):
    org_readers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        channels = permissions.visible(user, Channel.objects.all())
        return queryset.filter(channel__in=channels.values("pk"))


def views_for(user: AnyUser) -> list[str]:
    """The dashboards a user may open, the first one being theirs by default."""
    found = []
    if permissions.has_role(user, *LEAD_VIEW):
        found.append("lead")
    if permissions.has_role(user, *ANALYST_VIEW):
        found.append("analyst")
    if permissions.has_role(user, *OWNER_VIEW):
        found.append("owner")
    return found


def owned_channels(user: AnyUser) -> models.QuerySet[Channel]:
    """The channels a person answers for (owner or deputy): the owner dashboard's scope."""
    person = permissions.person_id(user)
    if person is None:
        return Channel.objects.none()
    return Channel.objects.filter(models.Q(owner_id=person) | models.Q(deputy_id=person))


def may_read_board_reports(user: AnyUser) -> bool:
    return permissions.has_org_role(user, *BOARD_READERS)
