"""Work several analyzers need, done once per batch and cached on it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .cues import sentiment_cues_from_hits, sentiment_lexicon
from .features import FeatureSpec, HashedFeatures, extract
from .lexicon import Lexicon, LexiconHit, find_in, lexicon_from_file
from .linear import load_model
from .registry import Batch
from .stack import CueIndex, ModelStack, cue_index, no_features, reads_ngrams
from .toxicity_cues import ToxicityCues, toxicity_cues, toxicity_lexicon

UNDETERMINED = "und"
# Three letters anywhere (what "at least three letters" needs, without listing every letter).
_THREE_LETTERS_RE = re.compile(r"[^\W\d_][\W\d_]*[^\W\d_][\W\d_]*[^\W\d_]")
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


# The models behind each analyzer, each with the cues it adds to the n-grams; a batch scores
# every model its analyzers need in one pass (see `stack.py`).
MODEL_CUES: dict[str, str | None] = {
    "language": None,
    "sentiment": "sentiment",
    "sentiment_cues": "sentiment",
    "offensive": "toxicity",
    "offensive_cues": "toxicity",
    "hate": "toxicity",
    "hate_cues": "toxicity",
}
_MODELS_FOR = {
    "language": ("language",),
    "sentiment": ("language", "sentiment", "sentiment_cues"),
    "complaint": ("language", "sentiment", "sentiment_cues"),
    "toxicity": ("language", "offensive", "offensive_cues", "hate", "hate_cues"),
}
_stacks: dict[tuple[Path | None, tuple[str, ...]], ModelStack] = {}


def _cue_names(batch: Batch, kind: str) -> list[list[str]]:
    return sentiment_cue_names(batch) if kind == "sentiment" else toxicity_cue_names(batch)


def _stack(models_dir: Path | None, names: tuple[str, ...]) -> ModelStack:
    key = (models_dir, names)
    if key not in _stacks:
        _stacks[key] = ModelStack(
            [load_model(name, models_dir) for name in names],
            [MODEL_CUES.get(name) is not None for name in names],
        )
    return _stacks[key]


def _score(
    batch: Batch, names: list[str], models_dir: Path | None
) -> dict[str, npt.NDArray[np.float32]]:
    """Probabilities of the named models: one stack (one gather of weights) per feature spec."""
    by_spec: dict[FeatureSpec, list[str]] = {}
    for name in names:
        by_spec.setdefault(load_model(name, models_dir).spec, []).append(name)
    out: dict[str, npt.NDArray[np.float32]] = {}
    for spec, group in by_spec.items():
        probabilities = _stack(models_dir, tuple(group)).predict_proba(
            _ngrams(batch, spec), [_cues(batch, MODEL_CUES.get(name), spec.bits) for name in group]
        )
        out.update(zip(group, probabilities, strict=True))
    return out


def _ngrams(batch: Batch, spec: FeatureSpec) -> HashedFeatures:
    if not reads_ngrams(spec):
        return no_features(len(batch))
    key = f"features:{sorted(spec.to_dict().items())}"
    features: HashedFeatures = batch.shared(key, lambda b: extract(b.model_texts, spec))
    return features


def _cues(batch: Batch, kind: str | None, bits: int) -> CueIndex | None:
    if kind is None:
        return None
    index: CueIndex = batch.shared(
        f"cue_index:{kind}:{bits}", lambda b: cue_index(_cue_names(b, kind), bits)
    )
    return index


def model_scores(
    batch: Batch, name: str, models_dir: Path | None = None
) -> npt.NDArray[np.float32]:
    """The probabilities of one shipped model (see `MODEL_CUES`) for every post of the batch;
    the first call scores every model the batch's analyzers need."""

    def wanted(b: Batch) -> dict[str, npt.NDArray[np.float32]]:
        slugs = b.slugs if b.slugs is not None else tuple(_MODELS_FOR)
        names = [n for slug in slugs for n in _MODELS_FOR.get(slug, ())]
        return _score(b, list(dict.fromkeys([*names, name])), models_dir)

    scores: dict[str, npt.NDArray[np.float32]] = batch.shared(f"model_scores:{models_dir}", wanted)
    if name not in scores:
        scores.update(_score(batch, [name], models_dir))
    return scores[name]


def languages(
    batch: Batch, models_dir: Path | None = None, min_confidence: float = 0.25
) -> list[Language]:
    def compute(b: Batch) -> list[Language]:
        model = load_model("language", models_dir)
        proba = model_scores(b, "language", models_dir)
        best = proba.argmax(axis=1)
        top = proba[np.arange(len(best)), best].tolist()
        out = []
        rows = zip(b.posts, b.model_texts, best.tolist(), top, strict=True)
        for post, text, k, confidence in rows:
            code = model.labels[k]
            if confidence < min_confidence or not _THREE_LETTERS_RE.search(text, 0, 200):
                hint = (post.lang or "").lower()[:2]
                code, confidence = (hint, 0.5) if hint else (UNDETERMINED, confidence)
            out.append(Language(code, confidence))
        return out

    result: list[Language] = batch.shared("languages", compute)
    return result


COMPLAINT_SECTIONS = (
    "service", "problem", "waiting", "demand", "escalation", "gratitude", "possessive"
)  # fmt: skip


def complaint_lexicon() -> Lexicon:
    return lexicon_from_file("complaint.json", COMPLAINT_SECTIONS)


_LEXICONS: dict[str, Callable[[], Lexicon]] = {
    "sentiment": sentiment_lexicon,
    "toxicity": toxicity_lexicon,
    "complaint": complaint_lexicon,
}
# The word lists each analyzer reads (the complaint rule reads the sentiment model, whose cues
# come from the sentiment list).
_LEXICONS_FOR = {
    "sentiment": ("sentiment",),
    "complaint": ("sentiment", "complaint"),
    "toxicity": ("toxicity",),
}


def lexicon_hits(batch: Batch, name: str) -> list[list[LexiconHit]]:
    """Each post's hits in the named word list (see `_LEXICONS`); the first call looks up every
    list the batch's analyzers read, in one pass over each post's tokens."""

    def compute(b: Batch) -> dict[str, list[list[LexiconHit]]]:
        slugs = b.slugs if b.slugs is not None else tuple(_LEXICONS_FOR)
        names = list(dict.fromkeys(n for slug in slugs for n in _LEXICONS_FOR.get(slug, ())))
        return _look_up(b, names)

    found: dict[str, list[list[LexiconHit]]] = batch.shared("lexicon_hits", compute)
    if name not in found:
        found.update(_look_up(batch, [name]))
    return found[name]


def _look_up(batch: Batch, names: list[str]) -> dict[str, list[list[LexiconHit]]]:
    if not names:
        return {}
    group = tuple(_LEXICONS[name]() for name in names)
    per_post = [find_in(tokens, group) for tokens in batch.tokens]
    return {name: [hits[k] for hits in per_post] for k, name in enumerate(names)}


def sentiment_hits(batch: Batch) -> list[list[LexiconHit]]:
    return lexicon_hits(batch, "sentiment")


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
        lambda b: [
            toxicity_cues(t, p.text, hits)
            for t, p, hits in zip(b.tokens, b.posts, lexicon_hits(b, "toxicity"), strict=True)
        ],
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
        trained = set(full.meta.get("languages", []))
        langs = [lang.code for lang in languages(b, models_dir)]
        cue_scores = model_scores(b, f"{name}_cues", models_dir)
        chosen = np.flatnonzero([code in trained for code in langs]).astype(np.int64)
        full_scores = np.empty((0, len(full.labels)), dtype=np.float32)
        if len(chosen):
            full_scores = model_scores(b, name, models_dir)[chosen]
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
        model = load_model("sentiment", models_dir)
        scores = _blend(b, "sentiment", models_dir, ensemble=ensemble)
        scale = model.meta.get("class_scale") if ensemble else None
        if scale:
            _rescale(scores, [lang.code for lang in languages(b, models_dir)], scale)
        return model.labels, scores

    key = "sentiment" if ensemble else "sentiment:single"
    result: tuple[tuple[str, ...], npt.NDArray[np.float32]] = batch.shared(key, compute)
    return result


def _rescale(
    scores: npt.NDArray[np.float32], langs: list[str], scale: dict[str, list[float]]
) -> None:
    """Multiply the rows of the scaled languages by their factors and renormalise, in place.
    Dutch has no labelled tweets and XED's subtitles have no neutral lines, so its averaged
    scores under-call neutral; the factor was chosen in Dutch's position with French and
    German (`tools/tune_sentiment_transfer.py`)."""
    for code, factors in scale.items():
        rows = np.flatnonzero([lang == code for lang in langs])
        if len(rows):
            scaled = scores[rows] * np.asarray(factors, dtype=np.float32)
            scores[rows] = scaled / scaled.sum(axis=1, keepdims=True)


def offensive_scores(batch: Batch, models_dir: Path | None = None) -> npt.NDArray[np.float32]:
    def compute(b: Batch) -> npt.NDArray[np.float32]:
        # English averages the n-gram model with the cue model: the n-grams alone read
        # "kill the stuck build" or "the demo bombed" as abuse.
        return _blend(b, "offensive", models_dir, ensemble=True)[:, 1]

    result: npt.NDArray[np.float32] = batch.shared("offensive", compute)
    return result


def hate_scores(batch: Batch, models_dir: Path | None = None) -> npt.NDArray[np.float32]:
    def compute(b: Batch) -> npt.NDArray[np.float32]:
        cue_sets = toxicity_cue_sets(b)
        # As for offensive: the average of both models was better on the tuning half of
        # tweeteval hate val (0.637 against 0.603 for the n-gram model alone).
        scores = _blend(b, "hate", models_dir, ensemble=True)[:, 1]
        floor = np.array([c.hate_rule() for c in cue_sets], dtype=np.float32)
        return np.maximum(scores, floor)

    result: npt.NDArray[np.float32] = batch.shared("hate", compute)
    return result
