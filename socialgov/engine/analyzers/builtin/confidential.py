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

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..normalise import fold_accents, may_contain
from ..registry import Batch, ConfigurationError, register

# (pattern, score); patterns are matched on accent-folded text, ignoring case.
LABELS: tuple[tuple[str, float], ...] = (
    (
        r"strictly confidential|highly confidential|top secret|secret defe"
        r"nse|secret defence",
        0.95,
    ),
    (
        r"strikt vertrouwelijk|zeer geheim|staatsgeheim|strictement confid"
        r"entiel(?:le)?s?|streng vertraulich|geheime? verschlusssache",
        0.95,
    ),
    (
        r"confidential(?:ity)?|confidentiel(?:le)?s?|vertrouwelijke?|vertr"
        r"aulich(?:e[nrs]?)?|confidencial|riservat[oa]",
        0.75,
    ),
    (
        r"(?:for |only for |alleen voor |enkel voor |uniquement pour |nur "
        r"fur den )?internal use(?: only)?|intern gebruik|(?:a |pour )?usa"
        r"ge interne|interne? gebrauch|nur fur den internen gebrauch|uso i"
        r"nterno",
        0.8,
    ),
    (
        r"do not (?:share|forward|distribute)|not for (?:distribution|publ"
        r"ication)|niet (?:verspreiden|delen|doorsturen|publiceren)|ne pas"
        r" (?:diffuser|partager|transferer)|nicht weitergeben|diffusion (?"
        r":restreinte|limitee)",
        0.8,
    ),
    (
        r"under embargo|embargoed|onder embargo|sous embargo|sperrfrist|em"
        r"bargo (?:until|tot|jusqu'au|bis)",
        0.8,
    ),
    (
        r"classified|restricted|need to know|nda|geheimhouding(?:sverklari"
        r"ng)?|accord de confidentialite",
        0.6,
    ),
)
# One pass over the text for all labels; earlier (stronger) labels win where they overlap.
_LABEL_RE = re.compile(
    r"(?<![\w])(?:"
    + "|".join(f"(?P<label{i}>{pattern})" for i, (pattern, _) in enumerate(LABELS))
    + r")(?![\w])",
    re.IGNORECASE,
)
# Literal pieces (lower case) one of the labels needs: a post with none of them is not searched.
# A test checks every text the label patterns match holds one of them.
LABEL_NEEDLES = (
    "confid", "secret", "vertrouwelijk", "geheim", "vertraulich", "riservat", "intern",
    "do not ", "not for ", "niet ", "ne pas ", "weitergeben", "diffusion", "embargo",
    "sperrfrist", "classified", "restricted", "need to know", "nda",
)  # fmt: skip
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

    def __init__(
        self, watch_list: Sequence[str] = (), labels: bool = True, watch_score: float = 0.85
    ) -> None:
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
            if self.labels and may_contain(text, LABEL_NEEDLES):
                for m in _LABEL_RE.finditer(text):
                    score = LABELS[int(str(m.lastgroup).removeprefix("label"))][1]
                    start, end = view.span(*m.span())
                    label = m.group(0).lower()
                    reason = Reason(
                        "confidential.label", f"classification label '{label}'", label=label
                    )
                    findings.append(
                        Finding(self.slug, "CLASSIFICATION_LABEL", score, start, end, reason)
                    )
            for term, pattern in self.watch:
                for m in pattern.finditer(text):
                    start, end = view.span(*m.span())
                    findings.append(
                        Finding(
                            self.slug,
                            "WATCH_LIST",
                            self.watch_score,
                            start,
                            end,
                            Reason(
                                "confidential.watch_list", f"watch-listed name '{term}'", term=term
                            ),
                        )
                    )
            out.append(findings)
        return out
