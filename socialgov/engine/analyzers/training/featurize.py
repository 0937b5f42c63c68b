"""The exact features the analyzers compute at run time, for a list of raw texts."""

from __future__ import annotations

from collections.abc import Callable

from ..cues import sentiment_cues
from ..features import FeatureSpec, HashedFeatures, extract, with_cue_features
from ..normalise import lexicon_tokens, normalise_for_model
from ..toxicity_cues import toxicity_cues

CueFunction = Callable[[list[str], str], list[str]]


def toxicity_cue_names(tokens: list[str], raw: str) -> list[str]:
    return toxicity_cues(tokens, raw).names()


CUE_FUNCTIONS: dict[str, CueFunction] = {
    "sentiment": sentiment_cues,
    "toxicity": toxicity_cue_names,
}


def featurize(texts: list[str], spec: FeatureSpec, cues: str | None = None) -> HashedFeatures:
    model_texts = [normalise_for_model(t) for t in texts]
    features = extract(model_texts, spec)
    if cues is None:
        return features
    cue_function = CUE_FUNCTIONS[cues]
    names = [
        cue_function(lexicon_tokens(m), raw) for m, raw in zip(model_texts, texts, strict=True)
    ]
    return with_cue_features(features, names, spec.bits)
