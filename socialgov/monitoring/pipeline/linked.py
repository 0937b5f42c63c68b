"""What the pipeline keeps of a linked private account's posts (see monitoring.linked_accounts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from socialgov.engine.sources import IncomingPost
from socialgov.monitoring.models import Connector, PostKind

K = TypeVar("K")


def consented_part(
    connector: Connector | None,
    posts: Mapping[K, IncomingPost],
    routes: Mapping[K, tuple[int | None, str]],
) -> tuple[dict[K, IncomingPost], dict[K, tuple[int | None, str]]]:
    """The posts to store and their routes. Of a linked private account's posts only those
    about the organisation (routed to one of its channels) are kept: that is what the employee
    consented to (WatchScope.PUBLIC_MENTIONS); the rest is dropped unread. Kept posts are
    mentions, never the organisation's own posts. Any other connector's posts pass as they are.
    """
    if connector is None or connector.linked_account_id is None:
        return dict(posts), dict(routes)
    kept = {key: post for key, post in posts.items() if routes[key][0] is not None}
    return kept, {key: (routes[key][0], PostKind.MENTION) for key in kept}
