"""Reddit: subreddit listings and search for the brand, with OAuth."""

from socialgov.engine.sources.reddit.source import RedditSource, thing_to_post

__all__ = ["RedditSource", "thing_to_post"]
