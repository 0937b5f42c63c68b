"""LinkedIn Community Management API: organisation page posts and their comments."""

from socialgov.engine.sources.linkedin.source import LinkedInSource

__all__ = ["LinkedInSource"]
