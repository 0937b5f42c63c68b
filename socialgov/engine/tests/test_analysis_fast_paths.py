"""The fast paths give exactly what the plain ones give: one stacked pass over the weights of
every model scores each model bit for bit as its own `predict_proba` on its own features, and
the prefilters that skip posts never skip one that could match."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.analyzers import shared
from socialgov.engine.analyzers.data import service_posts
from socialgov.engine.analyzers.features import extract, with_cue_features
from socialgov.engine.analyzers.linear import load_model
from socialgov.engine.analyzers.registry import Batch
from socialgov.engine.types import Post

from .test_analysis_properties import POSTS

WRITTEN = [
    "@bpost mijn pakket is nog steeds niet geleverd, waardeloos!!!",
    "Onze medewerker helpt u graag",
    "Merci pour votre aide, le service client est top 😀",
    "you are an idiot and I hate you",
    "mdp : Sal0pe!2024",
    "Strikt vertrouwelijk: #ProjectFalcon",
    "",
    "   ",
    "🤬🤬🤬",
]


def _plain_scores(batch: Batch, name: str) -> np.ndarray:
    model = load_model(name)
    features = extract(batch.model_texts, model.spec)
    kind = shared.MODEL_CUES[name]
    if kind is not None:
        features = with_cue_features(features, shared._cue_names(batch, kind), model.spec.bits)
    return model.predict_proba(features)


def _assert_same_scores(texts: list[str]) -> None:
    batch = Batch([Post(i, t) for i, t in enumerate(texts)])
    for name in shared.MODEL_CUES:
        assert np.array_equal(shared.model_scores(batch, name), _plain_scores(batch, name)), name


def test_stacked_scores_equal_each_models_own_scores_bit_for_bit():
    texts = WRITTEN + [t for lang in ("en", "nl", "fr") for t in service_posts(lang)[:80]]
    _assert_same_scores(texts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(POSTS, min_size=1, max_size=6))
def test_stacked_scores_equal_each_models_own_scores_whatever_the_text(texts):
    _assert_same_scores(texts)


def test_a_batch_that_names_its_analyzers_scores_only_the_models_they_read():
    batch = Batch([Post(1, "hello there")], ["language"])
    shared.model_scores(batch, "language")
    [scores] = [v for k, v in batch._cache.items() if k.startswith("model_scores:")]
    assert set(scores) == {"language"}
