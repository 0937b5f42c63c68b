"""Watching employees' consented linked private accounts through the normal pipeline.

A governance lead attaches a connector to a linked account whose owner consented to public
posts being read (WatchScope.PUBLIC_MENTIONS). Its posts are stored like any other, but only
those about the organisation (see `pipeline.store`), analysed by the same analyzers, never
turned into alerts, and visible only to the employee and the governance leads (see `access`).
Withdrawing the declaration stops the connector and deletes what it collected, findings
included, in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver

from socialgov.channels.models import LinkedAccount, LinkStatus, WatchScope
from socialgov.channels.services import linked_account_withdrawn
from socialgov.core import permissions
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, Role, User
from socialgov.monitoring.models import Connector, Post
from socialgov.monitoring.pipeline.ingest import consent_holds
from socialgov.monitoring.services import connector_create


def may_watch_linked_accounts(user: User | None) -> bool:
    return user is not None and permissions.has_org_role(user, Role.GOVERNANCE_LEAD)


def linked_accounts_collectable(user: User | None) -> QuerySet[LinkedAccount]:
    """The linked accounts whose public posts `user` may have collected: for a governance lead,
    every active declaration whose owner consented to that; for anyone else, none."""
    if not may_watch_linked_accounts(user):
        return LinkedAccount.objects.none()
    return LinkedAccount.objects.filter(
        status=LinkStatus.ACTIVE, consent_given=True, watch=WatchScope.PUBLIC_MENTIONS
    ).select_related("person")


@transaction.atomic
def linked_account_connector_create(
    *,
    actor: User,
    account: LinkedAccount,
    kind: str,
    config: Mapping[str, Any],
    secrets: Mapping[str, str] | None = None,
    name: str = "",
    contact: Person | None = None,
    is_active: bool = True,
    poll_interval_seconds: int = 300,
) -> Connector:
    """A connector that reads `account`'s public posts, for as long as its owner consents. It
    belongs to no channel: the posts kept are those the pipeline routes to one."""
    if not may_watch_linked_accounts(actor):
        raise PermissionDenied
    if not consent_holds(account.pk):
        raise ValidationError(
            {"account": ["its owner has not consented to their public posts being read"]}
        )
    connector = connector_create(
        actor=actor,
        name=(name.strip() or f"{account.get_platform_display()} {account.handle}")[:200],
        kind=kind,
        config=config,
        secrets=secrets,
        contact=contact,
        is_active=is_active,
        poll_interval_seconds=poll_interval_seconds,
    )
    connector.linked_account = account
    connector.save(update_fields=["linked_account"])
    audit_record(
        actor=actor,
        verb="linked_account.watch",
        target=account,
        changes={"connector": connector.pk, "kind": kind},
    )
    return connector


def linked_account_collection_stop(*, actor: User | None, account: LinkedAccount) -> int:
    """Delete the account's connectors and every post collected from it (their findings and
    evidence go with them); returns how many posts were deleted. Runs in the caller's
    transaction."""
    posts = Post.objects.filter(linked_account=account)
    count = posts.count()
    connectors = list(Connector.objects.filter(linked_account=account).values_list("pk", flat=True))
    posts.delete()
    Connector.objects.filter(pk__in=connectors).delete()
    audit_record(
        actor=actor,
        verb="linked_account.collection_delete",
        target=account,
        changes={"posts_deleted": count, "connectors_deleted": len(connectors)},
    )
    return count


@receiver(linked_account_withdrawn, dispatch_uid="monitoring.linked_account_withdrawn")
def _stop_on_withdrawal(sender: Any, account: LinkedAccount, actor: User | None, **_: Any) -> None:
    linked_account_collection_stop(actor=actor, account=account)
