"""socialgov: social media governance and monitoring."""

__version__ = "0.1.0"
