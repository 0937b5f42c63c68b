"""Helpers shared by the analysis tests (pure Python, no database)."""

from __future__ import annotations

from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.types import Finding, Post


def findings_for(text: str, analyzer: str, **settings: object) -> list[Finding]:
    analyzers = build([analyzer], {analyzer: settings} if settings else None)
    return analyze_batch(analyzers, [Post("p1", text)])[0]


def kinds(findings: list[Finding]) -> list[str]:
    return [f.kind for f in findings]


def head(text: str, analyzer: str) -> Finding:
    """The document-level finding of a classifier analyzer."""
    return findings_for(text, analyzer)[0]


def covered(text: str, finding: Finding) -> str:
    return text[finding.start : finding.end]
