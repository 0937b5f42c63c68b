"""Post-level analyzers: pure Python, no Django imports.

Use as a library::

    from socialgov.engine.analyzers import Post, analyze_batch, build

    analyzers = build(None, {"confidential": {"watch_list": ["Project Falcon"]}})
    findings = analyze_batch(analyzers, [Post("1", "Strikt vertrouwelijk: #ProjectFalcon")])

See README.md in this folder for the analyzers, their settings and the shipped models.
"""

from socialgov.engine.types import Finding, Post

from .registry import (
    DEFAULT_ANALYZERS,
    Analyzer,
    Batch,
    ConfigurationError,
    analyze_batch,
    available,
    build,
)
from .results import result_record

__all__ = [
    "DEFAULT_ANALYZERS",
    "Analyzer",
    "Batch",
    "ConfigurationError",
    "Finding",
    "Post",
    "analyze_batch",
    "available",
    "build",
    "result_record",
]
