"""The analysis engine's sentiment as the spike detector's sentiment hook (pure Python).

Point `SOCIALGOV_SENTIMENT_FN` at `engine_sentiment` (the pipeline does this by default) so
`socialgov detect spikes` and the pipeline judge mentions with the same shipped model as the
post analyzers, instead of the small word list in `sentiment.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from socialgov.engine.detectors.mention_sentiment import lexicon_sentiment

_SIGN = {"negative": -1.0, "neutral": 0.0, "positive": 1.0}


@cache
def _analyzers() -> list[Any] | None:
    try:
        from socialgov.engine.analyzers import build

        return build(["sentiment"])
    except Exception:  # a broken or missing engine falls back to the word list
        return None


def engine_sentiments(texts: Sequence[str]) -> list[float]:
    """Scores in [-1, 1] for many texts at once (the engine is fastest on batches)."""
    analyzers = _analyzers()
    if analyzers is None:
        return [lexicon_sentiment(text) for text in texts]
    from socialgov.engine.analyzers import Post, analyze_batch

    scores = []
    posts = [Post(id=number, text=text) for number, text in enumerate(texts)]
    for findings in analyze_batch(analyzers, posts):
        value = 0.0
        for finding in findings:
            if finding.analyzer == "sentiment" and finding.kind in _SIGN:
                value = _SIGN[finding.kind] * max(0.0, min(1.0, finding.score))
        scores.append(value)
    return scores


def engine_sentiment(text: str) -> float:
    return engine_sentiments([text])[0]
