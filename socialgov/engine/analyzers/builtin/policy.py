"""Per-channel policy rules: keyword, pattern and analyzer-score conditions that produce a
finding under the rule's own name and severity.

Rules are plain settings, e.g.::

    {"name": "no-pricing-promises", "severity": "high", "channels": ["acme_support"],
     "keywords": ["guaranteed refund", "gratis"], "patterns": [r"\\b100 ?% (?:free|gratis)\\b"],
     "scores": [{"analyzer": "toxicity", "kind": "toxic", "min_score": 0.8}],
     "match": "any", "description": "Support agents must not promise refunds."}

Keywords match like watch-list terms (case, accents, inflection). A rule without `channels`
applies everywhere; otherwise to posts whose `channel` (or `platform`) is listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from socialgov.engine.types import Finding

from ..normalise import SpanMapper
from ..registry import Batch, ConfigurationError, register
from .confidential import _watch_pattern

SEVERITY_SCORES = {"low": 0.25, "medium": 0.5, "high": 0.75, "critical": 1.0}
MAX_PATTERN_CHARS = 500
MAX_TEXT_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class ScoreCondition:
    analyzer: str
    kind: str
    min_score: float


@dataclass(frozen=True, slots=True)
class PolicyRule:
    name: str
    severity: str
    channels: frozenset[str]
    keywords: tuple[tuple[str, re.Pattern[str]], ...]
    patterns: tuple[re.Pattern[str], ...]
    scores: tuple[ScoreCondition, ...]
    require_all: bool
    description: str

    @classmethod
    def from_settings(cls, raw: Mapping[str, Any]) -> PolicyRule:
        name = str(raw.get("name", "")).strip()
        if not name:
            raise ConfigurationError("a policy rule needs a name")
        severity = str(raw.get("severity", "medium"))
        if severity not in SEVERITY_SCORES:
            raise ConfigurationError(
                f"rule {name}: severity must be one of {', '.join(SEVERITY_SCORES)}"
            )
        unknown = set(raw) - {
            "name",
            "severity",
            "channels",
            "keywords",
            "patterns",
            "scores",
            "match",
            "description",
        }
        if unknown:
            raise ConfigurationError(
                f"rule {name}: unknown setting(s) {', '.join(sorted(unknown))}"
            )
        patterns = []
        for pattern in raw.get("patterns", ()):
            if len(pattern) > MAX_PATTERN_CHARS:
                raise ConfigurationError(
                    f"rule {name}: pattern longer than {MAX_PATTERN_CHARS} characters"
                )
            try:
                patterns.append(re.compile(pattern, re.IGNORECASE))
            except re.error as exc:
                raise ConfigurationError(f"rule {name}: bad pattern {pattern!r}: {exc}") from exc
        scores = []
        for condition in raw.get("scores", ()):
            try:
                scores.append(
                    ScoreCondition(
                        str(condition["analyzer"]),
                        str(condition["kind"]),
                        float(condition.get("min_score", 0.5)),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigurationError(f"rule {name}: bad score condition {condition!r}") from exc
        match = raw.get("match", "any")
        if match not in ("any", "all"):
            raise ConfigurationError(f"rule {name}: match must be 'any' or 'all'")
        keywords = tuple((str(k), _watch_pattern(str(k))) for k in raw.get("keywords", ()))
        if not (keywords or patterns or scores):
            raise ConfigurationError(f"rule {name}: needs keywords, patterns or scores")
        return cls(
            name=name,
            severity=severity,
            channels=frozenset(str(c).lower() for c in raw.get("channels", ())),
            keywords=keywords,
            patterns=tuple(patterns),
            scores=tuple(scores),
            require_all=match == "all",
            description=str(raw.get("description", "")),
        )


@register(order=100)
class PolicyAnalyzer:
    """Runs last, so score conditions can read the other analyzers' findings."""

    slug: ClassVar[str] = "policy"

    def __init__(self, rules: Sequence[Mapping[str, Any]] = ()) -> None:
        self.rules = [PolicyRule.from_settings(rule) for rule in rules]

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        if not self.rules:
            return [[] for _ in batch.posts]
        out = []
        for i, (post, view) in enumerate(zip(batch.posts, batch.match_views, strict=True)):
            findings: list[Finding] = []
            channel = (post.channel or post.platform or "").lower()
            others = [f for per_analyzer in batch.findings.values() for f in per_analyzer[i]]
            for rule in self.rules:
                if rule.channels and channel not in rule.channels:
                    continue
                findings.extend(
                    self._apply(rule, view.text[:MAX_TEXT_CHARS], view.span, others, len(post.text))
                )
            out.append(findings)
        return out

    def _apply(
        self,
        rule: PolicyRule,
        text: str,
        to_original: SpanMapper,
        others: list[Finding],
        length: int,
    ) -> list[Finding]:
        score = SEVERITY_SCORES[rule.severity]
        parts: list[list[tuple[int, int, str]]] = []
        if rule.keywords:
            parts.append(
                [
                    (*m.span(), f"keyword '{term}'")
                    for term, p in rule.keywords
                    for m in p.finditer(text)
                ]
            )
        if rule.patterns:
            parts.append(
                [
                    (*m.span(), "pattern")
                    for p in rule.patterns
                    for m in p.finditer(text)
                    if m.end() > m.start()
                ]
            )
        if rule.scores:
            parts.append(
                [
                    (0, len(text), f"{c.analyzer} {c.kind} ≥ {c.min_score:g}")
                    for c in rule.scores
                    for f in others
                    if f.analyzer == c.analyzer and f.kind == c.kind and f.score >= c.min_score
                ][:1]
            )
        matched = all(parts) if rule.require_all else any(parts)
        if not matched:
            return []
        findings = []
        for start, end, what in (hit for part in parts for hit in part):
            s, e = (0, length) if (start, end) == (0, len(text)) else to_original(start, end)
            reason = f"{rule.name}: {rule.description or 'matched ' + what}"
            findings.append(Finding("policy", rule.name, score, s, e, reason))
        return findings
