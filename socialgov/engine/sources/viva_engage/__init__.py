"""Viva Engage (Yammer) native-mode networks: communities through Microsoft Graph, their posts
through the Viva Engage REST API, as internal content."""

from socialgov.engine.sources.viva_engage.source import VivaEngageSource

__all__ = ["VivaEngageSource"]
