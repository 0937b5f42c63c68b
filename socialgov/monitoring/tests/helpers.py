"""Small builders the monitoring tests share: channels and incoming posts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from socialgov.channels.models import Channel
from socialgov.core.models import Person
from socialgov.engine.sources import IncomingAuthor, IncomingPost
from socialgov.engine.tests.played_server import NOW


def make_channel(
    owner: Person | None,
    *,
    platform: str = "mastodon",
    handle: str = "mosa@mastodon.social",
    deputy: Person | None = None,
    audience: str = "external",
) -> Channel:
    assert owner is not None
    return Channel.objects.create(
        platform=platform,
        handle=handle,
        display_name=handle,
        purpose="internal_collaboration" if audience == "internal" else "customer_service",
        audience=audience,
        owner=owner,
        deputy=deputy,
        status="active",
    )


def incoming(
    external_id: str,
    text: str = "hello",
    *,
    platform: str = "mastodon",
    author: str = "someone@example.social",
    followers: int | None = 10,
    minutes: int = 0,
    **extra: Any,
) -> IncomingPost:
    return IncomingPost(
        platform=platform,
        external_id=external_id,
        text=text,
        created_at=NOW + dt.timedelta(minutes=minutes),
        author=IncomingAuthor(
            platform=platform, external_id=f"id-{author}", handle=author, followers_count=followers
        ),
        **extra,
    )
