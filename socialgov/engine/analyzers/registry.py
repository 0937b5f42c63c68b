"""The analyzer protocol, the registry that finds analyzers by slug, and batch processing.

An analyzer is a small class with a `slug`, built from plain keyword settings, that turns a
`Batch` of posts into one list of findings per post. The batch carries work that several
analyzers share (normalised text, hashed features, detected language) so it is done once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, TypeVar

from socialgov.engine.types import Finding, Post

from .normalise import MatchView, lexicon_tokens, normalise_for_model


class ConfigurationError(ValueError):
    """An analyzer was asked for by a wrong name or given settings it cannot use."""


class Batch:
    """Posts analysed together, with lazily computed shared views of them."""

    def __init__(self, posts: Sequence[Post], slugs: Iterable[str] | None = None) -> None:
        """`slugs` names the analyzers that will read the batch, so shared work they need can be
        done in one pass (None: any analyzer may)."""
        self.posts = list(posts)
        self.slugs = None if slugs is None else tuple(slugs)
        self._cache: dict[str, Any] = {}
        self.findings: dict[str, list[list[Finding]]] = {}

    def __len__(self) -> int:
        return len(self.posts)

    def shared(self, key: str, compute: Callable[[Batch], Any]) -> Any:
        """The value for `key`, computed by `compute(batch)` the first time it is asked for."""
        if key not in self._cache:
            self._cache[key] = compute(self)
        return self._cache[key]

    @property
    def model_texts(self) -> list[str]:
        texts: list[str] = self.shared(
            "model_texts", lambda b: [normalise_for_model(p.text) for p in b.posts]
        )
        return texts

    @property
    def tokens(self) -> list[list[str]]:
        tokens: list[list[str]] = self.shared(
            "tokens", lambda b: [lexicon_tokens(t) for t in b.model_texts]
        )
        return tokens

    @property
    def match_views(self) -> list[MatchView]:
        views: list[MatchView] = self.shared(
            "match_views", lambda b: [MatchView(p.text) for p in b.posts]
        )
        return views


class Analyzer(Protocol):
    slug: ClassVar[str]

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]: ...


AnalyzerClass = TypeVar("AnalyzerClass", bound=type)

_REGISTRY: dict[str, type] = {}
# Analyzers that read other analyzers' findings run after them.
_ORDER: dict[str, int] = {}


def register(order: int = 0) -> Callable[[AnalyzerClass], AnalyzerClass]:
    def decorate(cls: AnalyzerClass) -> AnalyzerClass:
        slug = cls.slug  # type: ignore[attr-defined]
        _REGISTRY[slug] = cls
        _ORDER[slug] = order
        return cls

    return decorate


def available() -> list[str]:
    _load_builtin()
    return sorted(_REGISTRY, key=lambda slug: (_ORDER[slug], slug))


DEFAULT_ANALYZERS = (
    "language",
    "sentiment",
    "complaint",
    "toxicity",
    "personal_data",
    "secrets",
    "confidential",
    "policy",
)


def build(
    slugs: Iterable[str] | None = None, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> list[Analyzer]:
    """Analyzers by slug (the default set when `slugs` is None), configured from `settings`."""
    _load_builtin()
    settings = settings or {}
    chosen = list(DEFAULT_ANALYZERS if slugs is None else slugs)
    unknown = [slug for slug in chosen if slug not in _REGISTRY]
    if unknown:
        raise ConfigurationError(
            f"unknown analyzer(s): {', '.join(unknown)}; available: {', '.join(available())}"
        )
    stray = set(settings) - set(_REGISTRY)
    if stray:
        raise ConfigurationError(f"settings for unknown analyzer(s): {', '.join(sorted(stray))}")
    analyzers = []
    for slug in sorted(dict.fromkeys(chosen), key=lambda s: _ORDER[s]):
        try:
            analyzers.append(_REGISTRY[slug](**dict(settings.get(slug, {}))))
        except TypeError as exc:
            raise ConfigurationError(f"bad settings for analyzer {slug}: {exc}") from exc
    return analyzers


def analyze_batch(analyzers: Sequence[Analyzer], posts: Sequence[Post]) -> list[list[Finding]]:
    """All findings for each post, in the analyzers' order."""
    batch = Batch(posts, [a.slug for a in analyzers])
    merged: list[list[Finding]] = [[] for _ in posts]
    for analyzer in analyzers:
        per_post = analyzer.analyze_batch(batch)
        batch.findings[analyzer.slug] = per_post
        for bucket, findings in zip(merged, per_post, strict=True):
            bucket.extend(findings)
    return merged


# Importing this package registers the built-in analyzers; named by path, because they import
# this module to register themselves.
BUILTIN_PACKAGE = "socialgov.engine.analyzers.builtin"


def _load_builtin() -> None:
    importlib.import_module(BUILTIN_PACKAGE)
