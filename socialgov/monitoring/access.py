"""Who sees and handles monitoring data.

- Channel owners and deputies see the alerts, posts and rules of their channels and handle
  those alerts; an alert routed to someone is theirs too.
- Analysts see and handle security alerts (leaks, secrets, impersonation, compromise) and the
  public posts behind them.
- Internal content (employees' messages on internal platforms) is shown only to admins,
  governance leads and the owner or deputy of that internal channel; everyone else who may
  see the alert sees that there is internal evidence, not what it says.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.monitoring.models import (
    Alert,
    AlertCategory,
    AlertRule,
    Author,
    Connector,
    Finding,
    Post,
    PostKind,
)

INTERNAL_READERS = (Role.ADMIN, Role.GOVERNANCE_LEAD)


def _channel_people_q(user: AnyUser, prefix: str) -> models.Q:
    person = permissions.person_id(user)
    if person is None:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}channel__owner_id": person}) | models.Q(
        **{f"{prefix}channel__deputy_id": person}
    )


def is_channel_person(user: AnyUser, channel: Any) -> bool:
    person = permissions.person_id(user)
    return (
        person is not None
        and channel is not None
        and person in (channel.owner_id, channel.deputy_id)
    )


def may_read_post_text(user: AnyUser, post: Post) -> bool:
    """Whether `user` may read this post's text (internal content is the exception)."""
    if post.kind != PostKind.INTERNAL:
        return True
    return permissions.has_org_role(user, *INTERNAL_READERS) or is_channel_person(
        user, post.channel
    )


@register(Alert)
class AlertPolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        person = permissions.person_id(user)
        query = _channel_people_q(user, "")
        if person is not None:
            query |= models.Q(owner_id=person)
        if permissions.has_role(user, Role.ANALYST):
            query |= models.Q(category=AlertCategory.SECURITY)
        return queryset.filter(query)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        person = permissions.person_id(user)
        if person is not None and obj.owner_id == person:
            return True
        if is_channel_person(user, obj.channel):
            return True
        return obj.category == AlertCategory.SECURITY and permissions.has_role(user, Role.ANALYST)


@register(AlertRule)
class AlertRulePolicy(Policy):
    """Owners see the rules that watch their channels (and the organisation-wide ones) and
    tune the rules of their own channels."""

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if permissions.has_role(user, Role.CHANNEL_OWNER, Role.ANALYST):
            return queryset.filter(_channel_people_q(user, "") | models.Q(channel__isnull=True))
        return queryset.none()

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return is_channel_person(user, obj.channel)


@register(Connector)
class ConnectorPolicy(Policy):
    """A connector reading an employee's linked private account names that account: only the
    governance leads see and change it (admins and auditors included in "nobody else")."""

    org_writers = (Role.ADMIN,)

    def visible(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        scoped = super().visible(user, queryset)
        if permissions.has_org_role(user, Role.GOVERNANCE_LEAD):
            return scoped
        return scoped.filter(linked_account__isnull=True)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.filter(_channel_people_q(user, ""))

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        if getattr(obj, "linked_account_id", None) is not None:
            return permissions.has_org_role(user, Role.GOVERNANCE_LEAD)
        return super().can_change(user, obj)


def _linked_account_q(user: AnyUser, prefix: str) -> models.Q:
    """Posts collected from an employee's linked private account are seen by that employee and
    the governance leads only, whatever else the reader may see (admins included)."""
    if permissions.has_org_role(user, Role.GOVERNANCE_LEAD):
        return models.Q()
    query = models.Q(**{f"{prefix}linked_account__isnull": True})
    person = permissions.person_id(user)
    if person is not None:
        query |= models.Q(**{f"{prefix}linked_account__person_id": person})
    return query


@register(Post)
class PostPolicy(Policy):
    # Auditors read everything else, but not employees' internal messages.
    org_readers = INTERNAL_READERS

    def visible(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if not user.is_authenticated:
            return queryset.none()
        own = models.Q(pk__in=[])
        person = permissions.person_id(user)
        if person is not None:
            own = models.Q(linked_account__person_id=person)
        scoped = super().visible(user, queryset).filter(_linked_account_q(user, ""))
        return scoped | queryset.filter(own)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        query = _channel_people_q(user, "")
        if permissions.has_role(user, Role.ANALYST, Role.AUDITOR):
            query |= ~models.Q(kind=PostKind.INTERNAL)
        return queryset.filter(query)

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False


@register(Finding)
class FindingPolicy(Policy):
    org_readers = INTERNAL_READERS

    def visible(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if not user.is_authenticated:
            return queryset.none()
        own = models.Q(pk__in=[])
        person = permissions.person_id(user)
        if person is not None:
            own = models.Q(post__linked_account__person_id=person)
        scoped = super().visible(user, queryset).filter(_linked_account_q(user, "post__"))
        return scoped | queryset.filter(own)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        posts = PostPolicy().visible(user, Post.objects.all())
        return queryset.filter(post__in=posts.values("pk"))

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False


@register(Author)
class AuthorPolicy(Policy):
    org_readers = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        # The author of a linked private account's post is that employee: not shown for it.
        return queryset.filter(
            _channel_people_q(user, "posts__"), posts__linked_account__isnull=True
        ).distinct()

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False
