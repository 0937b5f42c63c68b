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
    mentions, never the organisation's own posts. Only the declared account's own posts are
    kept, whatever the connector was pointed at: consent covers that account, nobody else's.
    Any other connector's posts pass as they are.
    """
    if connector is None or connector.linked_account_id is None:
        return dict(posts), dict(routes)
    account = connector.linked_account
    assert account is not None
    kept = {
        key: post
        for key, post in posts.items()
        if routes[key][0] is not None and _written_by(post, account.platform, account.handle)
    }
    return kept, {key: (routes[key][0], PostKind.MENTION) for key in kept}


def _written_by(post: IncomingPost, platform: str, handle: str) -> bool:
    """Whether the declared account wrote `post`. A handle without its server (`tessa`) matches
    the same name on the declared server only (`@tessa@mastodon.social`), never another server."""
    if post.platform != platform or post.author is None:
        return False
    declared = handle.strip().lower().lstrip("@")
    seen = post.author.handle.strip().lower().lstrip("@")
    if not declared or not seen:
        return False
    if declared == seen:
        return True
    if "@" in declared and "@" not in seen:
        return declared.split("@", 1)[0] == seen
    return False
