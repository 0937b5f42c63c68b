"""Salesforce Chatter: feed elements of groups through the Connect REST API, as internal content."""

from socialgov.engine.sources.chatter.source import ChatterSource, usage_meter

__all__ = ["ChatterSource", "usage_meter"]
