"""Sentiment: negative, neutral or positive, with the probability of that label."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from ..lexicon import lexicon_from_file
from ..registry import Batch, register
from ..shared import sentiment_scores
from ..types import Finding


@register(order=10)
class SentimentAnalyzer:
    slug: ClassVar[str] = "sentiment"

    def __init__(self, models_dir: str | None = None) -> None:
        self.models_dir = Path(models_dir) if models_dir else None

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        labels, proba = sentiment_scores(batch, self.models_dir)
        lexicon = lexicon_from_file("sentiment.json", ("positive", "negative"))
        out = []
        for post, tokens, row in zip(batch.posts, batch.tokens, proba, strict=True):
            k = int(row.argmax())
            label = labels[k]
            words = [h.entry for h in lexicon.find(tokens) if h.category == label][:3]
            reason = f"{label} tone" + (f" ({', '.join(words)})" if words else "")
            out.append([Finding(self.slug, label, float(row[k]), 0, len(post.text), reason)])
        return out
