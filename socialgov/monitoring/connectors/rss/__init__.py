"""RSS 2.0, RSS 1.0 and Atom feeds (news sites, blogs, review sites)."""

from socialgov.monitoring.connectors.rss.feed import FeedError, parse_feed
from socialgov.monitoring.connectors.rss.source import FeedSource

__all__ = ["FeedError", "FeedSource", "parse_feed"]
