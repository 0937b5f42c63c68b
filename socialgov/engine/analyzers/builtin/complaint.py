"""Complaint: is this a customer complaining about the organisation?

No complaint data with a licence that allows shipping exists, so this analyzer is a small,
readable scoring rule rather than a learned n-gram model: a complaint is a negative post that
talks about a product or service problem (a delay, a fault, money, being ignored), often
addressed to the organisation and about something that happened to the writer. The rule reads
about a dozen signals (`FEATURES`); their weights are in `weights/complaint.json`, tuned on some
domains of an evaluation-only set and measured on the others (see `weights/complaint.md`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import ClassVar

import numpy as np
import numpy.typing as npt

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..lexicon import LexiconHit
from ..linear import MODELS_DIR, ModelFileError
from ..registry import Batch, register
from ..shared import COMPLAINT_SECTIONS, lexicon_hits, sentiment_scores

_SECTIONS = COMPLAINT_SECTIONS
FEATURES = (
    "negative",
    "positive",
    *_SECTIONS,
    "problem_words",
    "addressed",
    "question",
    "link",
)
_WEIGHTS_FILE = "complaint.json"
# Reasons without parameters, made once: nothing reads a reason to change it.
_NEGATIVE_TONE = Reason("complaint.negative_tone", "customer complaint (negative tone)")
_NO_COMPLAINT = Reason("complaint.none", "no complaint")


@cache
def rule_weights(directory: Path) -> tuple[npt.NDArray[np.float32], float]:
    path = directory / _WEIGHTS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = np.array([float(data["weights"][name]) for name in FEATURES], dtype=np.float32)
        bias = float(data["bias"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelFileError(f"complaint rule {path} cannot be read: {exc}") from exc
    return weights, bias


def complaint_signals(
    batch: Batch, models_dir: Path | None = None
) -> tuple[npt.NDArray[np.float32], list[list[LexiconHit]]]:
    """One row of `FEATURES` per post, and the complaint word-list hits behind them."""
    labels, proba = sentiment_scores(batch, models_dir, ensemble=False)
    hits = lexicon_hits(batch, "complaint")
    column = {name: i for i, name in enumerate(FEATURES)}
    # Plain lists first and one array at the end: item assignment into numpy per hit is slow.
    present = [[0.0] * len(FEATURES) for _ in hits]
    for flags, post_hits, text, model_text in zip(
        present, hits, (p.text for p in batch.posts), batch.model_texts, strict=True
    ):
        problems = 0
        for hit in post_hits:
            flags[column[hit.category]] = 1.0
            problems += hit.category == "problem"
        flags[column["problem_words"]] = min(problems, 3) / 3
        flags[column["addressed"]] = float("@" in text)
        flags[column["question"]] = float("?" in text)
        flags[column["link"]] = float("httpurl" in model_text)
    x = np.array(present, dtype=np.float32).reshape(len(hits), len(FEATURES))
    x[:, 0] = proba[:, labels.index("negative")]
    x[:, 1] = proba[:, labels.index("positive")]
    return x, hits


def complaint_probability(
    x: npt.NDArray[np.float32], weights: npt.NDArray[np.float32], bias: float
) -> npt.NDArray[np.float32]:
    z = np.clip(x @ weights + bias, -30, 30)
    out: npt.NDArray[np.float32] = (1.0 / (1.0 + np.exp(-z))).astype(np.float32)
    return out


@register(order=20)
class ComplaintAnalyzer:
    slug: ClassVar[str] = "complaint"

    def __init__(self, models_dir: str | None = None, threshold: float = 0.5) -> None:
        """The tuned rule puts its F1-best cut at 0.5; `threshold` moves it."""
        self.models_dir = Path(models_dir) if models_dir else None
        self.threshold = threshold

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        weights, bias = rule_weights(self.models_dir or MODELS_DIR)
        x, hits = complaint_signals(batch, self.models_dir)
        scores = complaint_probability(x, weights, bias)
        out = []
        for post, post_hits, score in zip(batch.posts, hits, scores.tolist(), strict=True):
            is_complaint = score >= self.threshold
            cues = [h.entry for h in post_hits if h.category not in ("gratitude", "possessive")][:4]
            if is_complaint and cues:
                reason = Reason(
                    "complaint.about",
                    f"customer complaint about {', '.join(cues)}",
                    cues=tuple(cues),
                )
            elif is_complaint:
                reason = _NEGATIVE_TONE
            else:
                reason = _NO_COMPLAINT
            kind = "complaint" if is_complaint else "no_complaint"
            out.append([Finding(self.slug, kind, score, 0, len(post.text), reason)])
        return out
