"""Names for the DIDs that Jetstream gives alone: handles announced by identity events, and
profiles read from the AppView with app.bsky.actor.getProfiles (25 actors a call)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from socialgov.engine.sources.base import ConnectorError, IncomingAuthor, IncomingPost
from socialgov.engine.sources.cleaning import (
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_line,
    clean_url,
    html_to_text,
    optional_time,
)
from socialgov.engine.sources.common import get_json
from socialgov.engine.sources.http import HttpClient

logger = logging.getLogger(__name__)

PROFILES_PER_CALL = 25
# A poll looks up at most this many accounts; the rest keep their DID until the next poll.
MAX_LOOKUPS_PER_POLL = 250
MAX_KNOWN = 20_000


def identity_author(event: Mapping[str, Any]) -> IncomingAuthor | None:
    """The account an identity event names, with its handle (None without a usable one)."""
    identity = event.get("identity")
    if event.get("kind") != "identity" or not isinstance(identity, Mapping):
        return None
    handle = clean_line(identity.get("handle"), limit=MAX_HANDLE_CHARS)
    try:
        did = clean_id(identity.get("did") or event.get("did"), what="did")
    except InvalidItem:
        return None
    if not handle or handle == "handle.invalid":
        return None
    return IncomingAuthor(platform="bluesky", external_id=did, handle=handle)


def profile_author(profile: Any, *, now: dt.datetime) -> IncomingAuthor | None:
    """An app.bsky.actor.defs#profileViewDetailed as an author."""
    if not isinstance(profile, Mapping) or not profile.get("did"):
        return None
    handle = clean_line(profile.get("handle"), limit=MAX_HANDLE_CHARS)
    return IncomingAuthor(
        platform="bluesky",
        external_id=clean_id(profile.get("did"), what="did"),
        handle="" if handle == "handle.invalid" else handle,
        display_name=clean_line(profile.get("displayName"), limit=MAX_NAME_CHARS),
        bio=html_to_text(profile.get("description"), limit=2_000),
        avatar_url=clean_url(profile.get("avatar")),
        created_at=optional_time(profile.get("createdAt"), now=now),
        followers_count=clean_count(profile.get("followersCount")),
        following_count=clean_count(profile.get("followsCount")),
        posts_count=clean_count(profile.get("postsCount")),
    )


class Directory:
    """Accounts known during one poll: learned from identity events or looked up. A lookup
    that fails leaves the DIDs as they are; the posts are stored all the same."""

    def __init__(self, http: HttpClient, appview: str, now: dt.datetime) -> None:
        self.http = http
        self.appview = appview
        self.now = now
        self.known: dict[str, IncomingAuthor] = {}
        self.looked_up: set[str] = set()

    def learn(self, author: IncomingAuthor) -> None:
        if len(self.known) < MAX_KNOWN or author.external_id in self.known:
            self.known[author.external_id] = author

    def look_up(self, dids: Iterable[str]) -> None:
        wanted = [d for d in dict.fromkeys(dids) if d not in self.known and d not in self.looked_up]
        wanted = wanted[: max(0, MAX_LOOKUPS_PER_POLL - len(self.looked_up))]
        self.looked_up.update(wanted)
        url = f"{self.appview}/xrpc/app.bsky.actor.getProfiles"
        for start in range(0, len(wanted), PROFILES_PER_CALL):
            actors = wanted[start : start + PROFILES_PER_CALL]
            try:
                data, _headers = get_json(self.http, url, params={"actors": actors})
            except ConnectorError as error:
                logger.warning("Bluesky profiles not read: %s", error)
                return
            profiles = data.get("profiles") if isinstance(data, Mapping) else None
            for profile in profiles if isinstance(profiles, list) else []:
                try:
                    author = profile_author(profile, now=self.now)
                except InvalidItem:
                    continue
                if author is not None and author.handle:
                    self.learn(author)

    def named(self, posts: list[IncomingPost], *, look_up: bool = True) -> list[IncomingPost]:
        """The posts with their authors' handles and profiles, and mentions by handle (the
        channel register knows handles, not DIDs)."""
        if look_up:
            dids = [p.author.external_id for p in posts if p.author and not p.author.handle]
            self.look_up([*dids, *(m for p in posts for m in p.mentions if m.startswith("did:"))])
        return [self._named(post) for post in posts]

    def _named(self, post: IncomingPost) -> IncomingPost:
        if post.deleted or post.author is None:
            return post
        known = self.known.get(post.author.external_id)
        mentions = tuple(self.known[m].handle if m in self.known else m for m in post.mentions)
        if known is None:
            return dataclasses.replace(post, mentions=mentions)
        url = post.url.replace(f"/profile/{known.external_id}/", f"/profile/{known.handle}/")
        return dataclasses.replace(post, author=known, mentions=mentions, url=url)
