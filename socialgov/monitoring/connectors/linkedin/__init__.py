"""LinkedIn Community Management API: organisation page posts and their comments."""

from socialgov.monitoring.connectors.linkedin.source import LinkedInSource

__all__ = ["LinkedInSource"]
