"""Bluesky: AT Protocol post search and author feeds over XRPC, and the Jetstream firehose
filtered on accounts and keywords (https://docs.bsky.app/, https://github.com/bluesky-social/jetstream)."""

from socialgov.engine.sources.bluesky.jetstream import JetstreamSource, event_to_post
from socialgov.engine.sources.bluesky.xrpc import BlueskySource, post_view_to_post

__all__ = ["BlueskySource", "JetstreamSource", "event_to_post", "post_view_to_post"]
