"""YouTube Data API: own channel uploads and comments, and search for brand mentions."""

from socialgov.engine.sources.youtube.source import YouTubeSource, quota_meter

__all__ = ["YouTubeSource", "quota_meter"]
