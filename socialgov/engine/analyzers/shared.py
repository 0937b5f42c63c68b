"""Work several analyzers need, done once per batch and cached on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .cues import sentiment_cues_from_hits, sentiment_lexicon
from .features import HashedFeatures, extract, with_cue_features
from .lexicon import LexiconHit
from .linear import LinearModel, load_model
from .registry import Batch
from .toxicity_cues import ToxicityCues, toxicity_cues

UNDETERMINED = "und"
_LETTER_RE = re.compile(r"[^\W\d_]")
LANGUAGE_NAMES = {
    "nl": "Dutch",
    "fr": "French",
    "en": "English",
    "de": "German",
    "es": "Spanish",
    "it": "Italian",
    "pt": "Portuguese",
    UNDETERMINED: "undetermined",
}


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    confidence: float


def _features(
    batch: Batch, model: LinearModel, cues: list[list[str]] | None, cue_kind: str = ""
) -> HashedFeatures:
    key = f"features:{sorted(model.spec.to_dict().items())}"
    base: HashedFeatures = batch.shared(key, lambda b: extract(b.model_texts, model.spec))
    if cues is None:
        return base
    with_cues: HashedFeatures = batch.shared(
        f"{key}+{cue_kind}", lambda b: with_cue_features(base, cues, model.spec.bits)
    )
    return with_cues


def languages(
    batch: Batch, models_dir: Path | None = None, min_confidence: float = 0.25
) -> list[Language]:
    def compute(b: Batch) -> list[Language]:
        model = load_model("language", models_dir)
        proba = model.predict_proba(_features(b, model, None))
        best = proba.argmax(axis=1)
        out = []
        for post, text, row, k in zip(b.posts, b.model_texts, proba, best, strict=True):
            letters = len(_LETTER_RE.findall(text, 0, 200))
            confidence = float(row[k])
            code = model.labels[k]
            if letters < 3 or confidence < min_confidence:
                hint = (post.lang or "").lower()[:2]
                code, confidence = (hint, 0.5) if hint else (UNDETERMINED, confidence)
            out.append(Language(code, confidence))
        return out

    result: list[Language] = batch.shared("languages", compute)
    return result


def sentiment_hits(batch: Batch) -> list[list[LexiconHit]]:
    hits: list[list[LexiconHit]] = batch.shared(
        "sentiment_hits", lambda b: [sentiment_lexicon().find(t) for t in b.tokens]
    )
    return hits


def sentiment_cue_names(batch: Batch) -> list[list[str]]:
    names: list[list[str]] = batch.shared(
        "sentiment_cues",
        lambda b: [
            sentiment_cues_from_hits(h, p.text)
            for h, p in zip(sentiment_hits(b), b.posts, strict=True)
        ],
    )
    return names


def toxicity_cue_sets(batch: Batch) -> list[ToxicityCues]:
    cues: list[ToxicityCues] = batch.shared(
        "toxicity_cues",
        lambda b: [toxicity_cues(t, p.text) for t, p in zip(b.tokens, b.posts, strict=True)],
    )
    return cues


def toxicity_cue_names(batch: Batch) -> list[list[str]]:
    names: list[list[str]] = batch.shared(
        "toxicity_cue_names", lambda b: [c.names() for c in toxicity_cue_sets(b)]
    )
    return names


def _blend(
    batch: Batch,
    name: str,
    cues: list[list[str]],
    cue_kind: str,
    models_dir: Path | None,
    ensemble: bool = False,
) -> npt.NDArray[np.float32]:
    """Scores from the full model where it was trained on the post's language, else from the
    cue-only model (which carries across languages). With `ensemble`, trained languages get
    the plain average of both models."""

    def both(
        b: Batch,
    ) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        full = load_model(name, models_dir)
        cue_only = load_model(f"{name}_cues", models_dir)
        trained = set(full.meta.get("languages", []))
        langs = [lang.code for lang in languages(b, models_dir)]
        cue_scores = cue_only.predict_proba(_features(b, cue_only, cues, cue_kind))
        chosen = np.flatnonzero([code in trained for code in langs]).astype(np.int64)
        full_scores = np.empty((0, len(full.labels)), dtype=np.float32)
        if len(chosen):
            full_scores = full.predict_proba(_features(b, full, cues, cue_kind))[chosen]
        return cue_scores, chosen, full_scores

    cue_scores, chosen, full_scores = batch.shared(f"scores:{name}", both)
    out: npt.NDArray[np.float32] = cue_scores.copy()
    if len(chosen):
        out[chosen] = (full_scores + out[chosen]) / 2 if ensemble else full_scores
    return out


def sentiment_scores(
    batch: Batch, models_dir: Path | None = None, *, ensemble: bool = True
) -> tuple[tuple[str, ...], npt.NDArray[np.float32]]:
    """Sentiment probabilities. The sentiment analyzer reads the ensemble; the complaint rule
    reads the full model's own probabilities, the scale its weights were written for."""

    def compute(b: Batch) -> tuple[tuple[str, ...], npt.NDArray[np.float32]]:
        labels = load_model("sentiment", models_dir).labels
        cues = sentiment_cue_names(b)
        return labels, _blend(b, "sentiment", cues, "sentiment", models_dir, ensemble=ensemble)

    key = "sentiment" if ensemble else "sentiment:single"
    result: tuple[tuple[str, ...], npt.NDArray[np.float32]] = batch.shared(key, compute)
    return result


def offensive_scores(batch: Batch, models_dir: Path | None = None) -> npt.NDArray[np.float32]:
    def compute(b: Batch) -> npt.NDArray[np.float32]:
        # English averages the n-gram model with the cue model: the n-grams alone read
        # "kill the stuck build" or "the demo bombed" as abuse.
        cues = toxicity_cue_names(b)
        return _blend(b, "offensive", cues, "toxicity", models_dir, ensemble=True)[:, 1]

    result: npt.NDArray[np.float32] = batch.shared("offensive", compute)
    return result


def hate_scores(batch: Batch, models_dir: Path | None = None) -> npt.NDArray[np.float32]:
    def compute(b: Batch) -> npt.NDArray[np.float32]:
        cue_sets = toxicity_cue_sets(b)
        # As for offensive: the average of both models was better on the tuning half of
        # tweeteval hate val (0.637 against 0.603 for the n-gram model alone).
        names = toxicity_cue_names(b)
        scores = _blend(b, "hate", names, "toxicity", models_dir, ensemble=True)[:, 1]
        floor = np.array([c.hate_rule() for c in cue_sets], dtype=np.float32)
        return np.maximum(scores, floor)

    result: npt.NDArray[np.float32] = batch.shared("hate", compute)
    return result
