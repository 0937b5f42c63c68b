"""Confidential markers: classification labels in en/nl/fr/de and the organisation's own
watch list (project code names, unreleased products).

Matching is robust to case, accents, zero-width characters, look-alike letters, inflection
(a watch-listed "Falcon" also finds "Falcons", "Falcon's", "falcon-project" does not need a
separate entry) and to multi-word names written together or hyphenated ("Project Falcon",
"project-falcon", "#ProjectFalcon").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from ..normalise import fold_accents
from ..registry import Batch, ConfigurationError, register
from ..types import Finding

# (pattern, score); patterns are matched on accent-folded text, ignoring case.
LABELS: tuple[tuple[str, float], ...] = (
    (r"strictly confidential|highly confidential|top secret|secret defense|secret defence", 0.95),
    (r"strikt vertrouwelijk|zeer geheim|staatsgeheim|strictement confidentiel(?:le)?s?|streng vertraulich|geheime? verschlusssache", 0.95),
    (r"confidential(?:ity)?|confidentiel(?:le)?s?|vertrouwelijke?|vertraulich(?:e[nrs]?)?|confidencial|riservat[oa]", 0.75),
    (r"(?:for |only for |alleen voor |enkel voor |uniquement pour |nur fur den )?internal use(?: only)?|intern gebruik|(?:a |pour )?usage interne|interne? gebrauch|nur fur den internen gebrauch|uso interno", 0.8),
    (r"do not (?:share|forward|distribute)|not for (?:distribution|publication)|niet (?:verspreiden|delen|doorsturen|publiceren)|ne pas (?:diffuser|partager|transferer)|nicht weitergeben|diffusion (?:restreinte|limitee)", 0.8),
    (r"under embargo|embargoed|onder embargo|sous embargo|sperrfrist|embargo (?:until|tot|jusqu'au|bis)", 0.8),
    (r"classified|restricted|need to know|nda|geheimhouding(?:sverklaring)?|accord de confidentialite", 0.6),
)  # fmt: skip
_LABEL_RE = [(re.compile(rf"(?<![\w]){pattern}(?![\w])", re.IGNORECASE), score) for pattern, score in LABELS]
_INFLECTION = r"(?:s|es|en|e|n|er|ers|'s|’s|je|jes|tje|tjes)?"


def _watch_pattern(term: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", fold_accents(term).lower())
    if not words:
        raise ConfigurationError(f"watch list term {term!r} has no letters or digits")
    joined = r"[\s_\-./#]*".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_]){joined}{_INFLECTION}(?![^\W_])", re.IGNORECASE)


@register(order=60)
class ConfidentialAnalyzer:
    slug: ClassVar[str] = "confidential"

    def __init__(self, watch_list: Sequence[str] = (), labels: bool = True, watch_score: float = 0.85) -> None:
        if isinstance(watch_list, str):
            raise ConfigurationError("watch_list must be a list of terms, not one string")
        self.watch = [(term, _watch_pattern(term)) for term in watch_list]
        self.labels = labels
        self.watch_score = watch_score

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        out = []
        for view in batch.match_views:
            text = view.text
            findings: list[Finding] = []
            taken: list[tuple[int, int]] = []
            if self.labels:
                for pattern, score in _LABEL_RE:
                    for m in pattern.finditer(text):
                        if any(m.start() < e and s < m.end() for s, e in taken):
                            continue
                        taken.append(m.span())
                        start, end = view.span(*m.span())
                        findings.append(Finding(self.slug, "CLASSIFICATION_LABEL", score, start, end, f"classification label '{m.group(0).lower()}'"))
            for term, pattern in self.watch:
                for m in pattern.finditer(text):
                    start, end = view.span(*m.span())
                    findings.append(Finding(self.slug, "WATCH_LIST", self.watch_score, start, end, f"watch-listed name '{term}'"))
            out.append(findings)
        return out
