"""Sentiment: negative, neutral or positive, with the probability of that label."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import ClassVar

import numpy as np

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..registry import Batch, register
from ..shared import sentiment_hits, sentiment_scores
from ..transformer import TransformerClassifier

SENTIMENT_LABELS = ("negative", "neutral", "positive")
# The reasons without words, made once: nothing reads a reason to change it.
_TONE = {label: Reason(f"sentiment.{label}", f"{label} tone") for label in SENTIMENT_LABELS}


@register(order=10)
class SentimentAnalyzer:
    slug: ClassVar[str] = "sentiment"

    def __init__(
        self,
        models_dir: str | None = None,
        transformer_dir: str | None = None,
        transformer_labels: Mapping[str, str] | None = None,
        transformer_device: str | int = -1,
    ) -> None:
        """`transformer_dir` replaces the shipped model by a local transformer model (see
        `analysis.transformer`); `transformer_labels` maps its label names to ours."""
        self.models_dir = Path(models_dir) if models_dir else None
        self.transformer: TransformerClassifier | None = None
        if transformer_dir:
            self.transformer = TransformerClassifier(
                transformer_dir, SENTIMENT_LABELS, transformer_labels, transformer_device
            )

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        if self.transformer is not None:
            scores = self.transformer.predict_proba([p.text for p in batch.posts])
            batch.shared(
                "sentiment", lambda b: (SENTIMENT_LABELS, np.array(scores, dtype=np.float32))
            )
        labels, proba = sentiment_scores(batch, self.models_dir)
        out = []
        best = proba.argmax(axis=1)
        # Lists of Python numbers: reading a numpy row per post costs more than the rest.
        top = proba[np.arange(len(best)), best].tolist()
        rows = zip(batch.posts, sentiment_hits(batch), best.tolist(), top, strict=True)
        for post, hits, k, score in rows:
            label = labels[k]
            words = [h.entry for h in hits if h.category == label][:3]
            reason = (
                Reason(
                    f"sentiment.{label}_words",
                    f"{label} tone ({', '.join(words)})",
                    words=tuple(words),
                )
                if words
                else _TONE.get(label) or Reason(f"sentiment.{label}", f"{label} tone")
            )
            out.append([Finding(self.slug, label, score, 0, len(post.text), reason)])
        return out
