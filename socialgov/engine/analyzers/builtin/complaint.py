"""Complaint: is this a customer complaining about the organisation?

No complaint data with a licence that allows shipping exists, so this analyzer is a small,
readable scoring rule rather than a learned model: a complaint is a negative post that talks
about a product or service problem (a delay, a fault, money, being ignored), often addressed to
the organisation. The weights below were set from that definition, not fitted to any data set.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import ClassVar

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..lexicon import lexicon_from_file
from ..registry import Batch, register
from ..shared import sentiment_scores

_SECTIONS = ("service", "problem", "waiting", "demand", "escalation", "gratitude")
_WEIGHTS = {
    "bias": -3.0,
    "negative": 2.6,
    "positive": -1.2,
    "service": 0.7,
    "problem": 1.4,
    "waiting": 1.0,
    "demand": 0.6,
    "escalation": 0.9,
    "gratitude": -0.8,
    "addressed": 0.5,
    "question": 0.2,
}


@register(order=20)
class ComplaintAnalyzer:
    slug: ClassVar[str] = "complaint"

    def __init__(self, models_dir: str | None = None, threshold: float = 0.5) -> None:
        self.models_dir = Path(models_dir) if models_dir else None
        self.threshold = threshold

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        labels, proba = sentiment_scores(batch, self.models_dir, ensemble=False)
        negative = labels.index("negative")
        positive = labels.index("positive")
        lexicon = lexicon_from_file("complaint.json", _SECTIONS)
        out = []
        for post, tokens, row in zip(batch.posts, batch.tokens, proba, strict=True):
            hits = lexicon.find(tokens)
            present = {h.category for h in hits}
            z = _WEIGHTS["bias"] + _WEIGHTS["negative"] * float(row[negative])
            z += _WEIGHTS["positive"] * float(row[positive])
            z += sum(_WEIGHTS[c] for c in present)
            if "@" in post.text:
                z += _WEIGHTS["addressed"]
            if "?" in post.text:
                z += _WEIGHTS["question"]
            score = 1.0 / (1.0 + math.exp(-z))
            is_complaint = score >= self.threshold
            cues = [h.entry for h in hits if h.category != "gratitude"][:4]
            if is_complaint and cues:
                reason = Reason(
                    "complaint.about",
                    f"customer complaint about {', '.join(cues)}",
                    cues=tuple(cues),
                )
            elif is_complaint:
                reason = Reason("complaint.negative_tone", "customer complaint (negative tone)")
            else:
                reason = Reason("complaint.none", "no complaint")
            kind = "complaint" if is_complaint else "no_complaint"
            out.append([Finding(self.slug, kind, score, 0, len(post.text), reason)])
        return out
