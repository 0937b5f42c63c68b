"""Slack: channel history backfill and Events API message events, as internal content."""

from socialgov.monitoring.connectors.slack.source import SlackSource, message_to_post

__all__ = ["SlackSource", "message_to_post"]
