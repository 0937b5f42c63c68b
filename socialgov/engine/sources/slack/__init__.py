"""Slack: channel history backfill and Events API message events, as internal content."""

from socialgov.engine.sources.slack.source import SlackSource, message_to_post

__all__ = ["SlackSource", "message_to_post"]
