"""What monitoring needs from the register, for background jobs that act for no user.

Views and the API read through `selectors` (scoped to a user); the pipeline and detectors read
here. Linked private accounts appear only while declared and only for what their owner allowed.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialgov.channels.models import (
    Channel,
    ChannelStatus,
    LinkedAccount,
    LinkStatus,
    WatchScope,
)

MONITORED_STATUSES = (ChannelStatus.ACTIVE, ChannelStatus.DORMANT, ChannelStatus.ORPHANED)


@dataclass(frozen=True)
class WatchedChannel:
    channel_id: int
    platform: str
    handle: str
    display_name: str
    audience: str
    owner_id: int
    deputy_id: int | None


@dataclass(frozen=True)
class WatchedLinkedAccount:
    linked_account_id: int
    person_id: int
    platform: str
    handle: str
    # False: only look for accounts impersonating this one, never read its posts.
    read_public_posts: bool


def channels_to_watch() -> list[WatchedChannel]:
    """The organisation's own accounts in use, with who answers for alerts about them."""
    rows = Channel.objects.filter(status__in=MONITORED_STATUSES).values_list(
        "pk", "platform", "handle", "display_name", "audience", "owner_id", "deputy_id"
    )
    return [WatchedChannel(*row) for row in rows.order_by("pk")]


def linked_accounts_to_watch() -> list[WatchedLinkedAccount]:
    """Declared private accounts, each with the scope its owner consented to."""
    rows = LinkedAccount.objects.filter(status=LinkStatus.ACTIVE).values_list(
        "pk", "person_id", "platform", "handle", "watch", "consent_given"
    )
    return [
        WatchedLinkedAccount(
            linked_account_id=pk,
            person_id=person_id,
            platform=platform,
            handle=handle,
            read_public_posts=watch == WatchScope.PUBLIC_MENTIONS and consent,
        )
        for pk, person_id, platform, handle, watch, consent in rows.order_by("pk")
    ]
