"""X API v2: recent search, own timelines and mentions, within a monthly read budget."""

from socialgov.engine.sources.x.source import XSource, budget_meter, tweet_to_post

__all__ = ["XSource", "budget_meter", "tweet_to_post"]
