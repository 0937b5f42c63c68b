"""The seam between the pipeline and the analyzers: plain data in, plain findings out.

The pipeline calls one `Analyze` callable on a batch of posts. By default that is the analysis
engine (`socialgov.engine.analyzers`) when it is installed, otherwise the small baseline in
`baseline.py`; a deployment can point SOCIALGOV_ANALYZER at any callable with this signature.
Stream detectors (spikes, impersonation, compromise) plug in through `register_stream_hook`:
they get every analysed batch and may return more findings.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostForAnalysis:
    id: int
    platform: str
    text: str
    language: str
    kind: str
    published_at: dt.datetime
    channel_id: int | None = None
    channel_handle: str = ""
    author_handle: str = ""
    author_followers: int | None = None


@dataclass(frozen=True, slots=True)
class FindingResult:
    post_id: int
    analyzer: str
    kind: str
    score: float
    reason: str
    start: int | None = None
    end: int | None = None


Analyze = Callable[[Sequence[PostForAnalysis]], Iterable[FindingResult]]
StreamHook = Callable[[Sequence[PostForAnalysis]], Iterable[FindingResult]]

# Findings that say "nothing here" are not stored: they would double the rows for no alert.
QUIET_KINDS = frozenset(
    {"not_toxic", "neutral", "positive", "not_complaint", "no_complaint", "none", "ok"}
)
QUIET_ANALYZERS = frozenset({"language"})

CATEGORY_BY_ANALYZER = {
    "toxicity": "conduct",
    "hate": "conduct",
    "personal_data": "privacy",
    "secrets": "security",
    "confidential": "security",
    "impersonation": "security",
    "compromise": "security",
    "sentiment": "reputation",
    "complaint": "reputation",
    "spike": "reputation",
}


def category_of(analyzer: str) -> str:
    return CATEGORY_BY_ANALYZER.get(analyzer, "other")


_stream_hooks: list[StreamHook] = []


def register_stream_hook(hook: StreamHook) -> StreamHook:
    """For the stream detectors: called with each analysed batch, outside any transaction."""
    _stream_hooks.append(hook)
    return hook


def stream_hooks() -> list[StreamHook]:
    return list(_stream_hooks)


def _engine_analyzer() -> Analyze | None:
    try:
        from socialgov.engine import types  # type: ignore[attr-defined]
        from socialgov.engine.analyzers import registry  # type: ignore[attr-defined]
    except ImportError:
        return None
    build = getattr(registry, "build", None)
    analyze_batch = getattr(registry, "analyze_batch", None)
    engine_post = getattr(types, "Post", None)
    if build is None or analyze_batch is None or engine_post is None:
        return None
    analyzers = build()

    def analyze(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
        converted = [
            engine_post(
                id=post.id,
                text=post.text,
                lang=post.language or None,
                platform=post.platform,
                author=post.author_handle or None,
                created_at=post.published_at,
                channel=post.channel_handle or None,
            )
            for post in posts
        ]
        for post, findings in zip(posts, analyze_batch(analyzers, converted), strict=True):
            for finding in findings:
                yield FindingResult(
                    post_id=post.id,
                    analyzer=finding.analyzer,
                    kind=finding.kind,
                    score=finding.score,
                    reason=finding.reason,
                    start=finding.start,
                    end=finding.end,
                )

    return analyze


@cache
def default_analyzer() -> Analyze:
    if settings.SOCIALGOV_ANALYZER:
        return import_string(settings.SOCIALGOV_ANALYZER)  # type: ignore[no-any-return]
    engine = _engine_analyzer()
    if engine is not None:
        return engine
    from socialgov.monitoring.tests.pattern_analyzer import analyze

    logger.info("analysis engine not installed; using the baseline analyzer")
    return analyze
