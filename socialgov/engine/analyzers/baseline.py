"""The plain baseline of issue 20: TF-IDF (character 2–5-grams within word boundaries plus
word 1–2-grams) and a logistic regression, trained on the same rows as the shipped model of
each task and scored on the same held-out rows, so every evaluation row shows whether the
shipped model beats it.

scikit-learn comes with the `bench` extra only; the shipped analyzers never import it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from .training.recipes import RECIPES

# Capped vocabularies keep one fit to well under a minute on a shared core.
_CHAR_FEATURES = 200_000
_WORD_FEATURES = 100_000

Predictor = Callable[[list[str]], list[str]]


def available() -> bool:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        return False
    return True


def _pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(2, 5),
            max_features=_CHAR_FEATURES,
            sublinear_tf=True,
            dtype=np.float32,
        ),
        TfidfVectorizer(
            ngram_range=(1, 2), max_features=_WORD_FEATURES, sublinear_tf=True, dtype=np.float32
        ),
    )
    return make_pipeline(features, LogisticRegression(max_iter=300, C=1.0))


def train_baseline(data_dir: Path, recipe: str) -> Predictor:
    """A fitted baseline on the training rows of the named recipe (never on its dev rows)."""
    rows = RECIPES[recipe].train(data_dir)
    return fit_baseline([r.text for r in rows], [r.label for r in rows], [r.weight for r in rows])


def fit_baseline(
    texts: list[str], labels: list[str], weights: list[float] | None = None
) -> Predictor:
    """A fitted baseline on the given rows (for tasks without a recipe, such as complaint)."""
    model = _pipeline()
    model.fit(texts, labels, logisticregression__sample_weight=weights)
    return lambda batch: [str(label) for label in model.predict(batch)]
