"""RSS 2.0, RSS 1.0 and Atom feeds (news sites, blogs, review sites)."""

from socialgov.engine.sources.rss.feed import FeedError, parse_feed
from socialgov.engine.sources.rss.source import FeedSource

__all__ = ["FeedError", "FeedSource", "parse_feed"]
