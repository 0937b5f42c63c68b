"""Which registered channel a post belongs to, and what kind of post it is for that channel."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from socialgov.channels.models import Channel
from socialgov.engine.sources import IncomingPost
from socialgov.monitoring.models import PostKind

INTERNAL_AUDIENCE = "internal"
_AT_WORD = re.compile(r"@([\w.\-]+(?:@[\w.\-]+)?)")


@dataclass(frozen=True)
class ChannelRef:
    id: int
    platform: str
    handle: str
    internal: bool


def handle_forms(handle: str) -> set[str]:
    """The forms a handle can appear in: `@Mosa`, `mosa`, `mosa@mastodon.social` → `mosa`."""
    text = handle.strip().lower().lstrip("@")
    if not text:
        return set()
    forms = {text}
    if "@" in text:
        forms.add(text.split("@", 1)[0])
    return forms


class ChannelDirectory:
    """The registered channels, loaded once per batch, looked up by platform and handle."""

    def __init__(self, channels: Iterable[ChannelRef]) -> None:
        self.by_id: dict[int, ChannelRef] = {}
        self.by_handle: dict[tuple[str, str], ChannelRef] = {}
        for channel in channels:
            self.by_id[channel.id] = channel
            for form in handle_forms(channel.handle):
                self.by_handle.setdefault((channel.platform, form), channel)

    @classmethod
    def load(cls) -> ChannelDirectory:
        rows = Channel.objects.values_list("id", "platform", "handle", "audience")
        return cls(
            ChannelRef(id_, platform, handle, audience == INTERNAL_AUDIENCE)
            for id_, platform, handle, audience in rows
        )

    def find(self, platform: str, handle: str) -> ChannelRef | None:
        """Exact match on the handle as given: `mosa@other.server` does not match the channel
        `mosa@mastodon.social` (that would make an impostor's posts our own)."""
        key = handle.strip().lower().lstrip("@")
        return self.by_handle.get((platform, key)) if key else None

    def mentioned(self, post: IncomingPost) -> ChannelRef | None:
        for handle in post.mentions:
            found = self.find(post.platform, handle)
            if found is not None:
                return found
        # Handles written in the text: a lookup per @word, not a scan per registered channel.
        for word in _AT_WORD.findall(post.text):
            found = self.find(post.platform, word.rstrip(".-"))
            if found is not None:
                return found
        return None


def route(
    post: IncomingPost,
    directory: ChannelDirectory,
    *,
    default_channel_id: int | None,
    own_post_channels: dict[str, int],
) -> tuple[int | None, str]:
    """(channel id, post kind). `own_post_channels` maps external ids of the organisation's own
    posts to their channel, so replies to them are comments on that channel."""
    author_channel = (
        directory.find(post.platform, post.author.handle or post.author.external_id)
        if post.author
        else None
    )
    named = directory.find(post.platform, post.channel_handle) if post.channel_handle else None
    default = directory.by_id.get(default_channel_id) if default_channel_id else None
    channel: ChannelRef | None
    if author_channel is not None:
        channel, kind = author_channel, PostKind.OWN_POST
    elif post.reply_to_id and post.reply_to_id in own_post_channels:
        channel = directory.by_id.get(own_post_channels[post.reply_to_id])
        kind = PostKind.COMMENT
    else:
        channel = named or directory.mentioned(post) or default
        kind = PostKind.MENTION if channel is not None else PostKind.OTHER
    if post.kind in PostKind.values:
        kind = PostKind(post.kind)
    if channel is not None and channel.internal:
        kind = PostKind.INTERNAL
    return (channel.id if channel else None), str(kind)
