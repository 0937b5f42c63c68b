"""Mastodon: hashtag, account and search timelines and the account's mention notifications,
through the server's REST API (https://docs.joinmastodon.org/methods/)."""

from socialgov.engine.sources.mastodon.source import MastodonSource, status_to_post

__all__ = ["MastodonSource", "status_to_post"]
