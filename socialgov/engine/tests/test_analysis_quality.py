"""Quality floors on held-out rows (never used for training, tuning or word lists).

They read the development data beside the checkout (`../shared/data`, as CI lays it out) and
skip, saying so, where it is absent. The floors sit a little under what the shipped models
score, so a change that makes a language or task clearly worse fails here.
"""

from __future__ import annotations

import numpy as np
import pytest

from socialgov.engine.analyzers.builtin.complaint import FEATURES
from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.analyzers.training import complaint_rule, metrics
from socialgov.engine.analyzers.training import datasets as ds
from socialgov.engine.types import Post

DATA = ds.DEFAULT_DATA_DIR
needs_data = pytest.mark.skipif(
    not (DATA / "xlm-t-multilingual-sentiment").is_dir(),
    reason=f"development data not found at {DATA}",
)


def _kinds(analyzer: str, texts: list[str]) -> list[str]:
    analyzers = build([analyzer])
    out: list[str] = []
    for begin in range(0, len(texts), 512):
        posts = [Post(str(i), t) for i, t in enumerate(texts[begin : begin + 512], begin)]
        out += [f[0].kind for f in analyze_batch(analyzers, posts)]
    return out


# Floors for the xlm-t validation splits (never trained or tuned on); see weights/sentiment.md.
SENTIMENT_FLOORS = {"english": 0.55, "french": 0.58, "german": 0.65}


@needs_data
@pytest.mark.parametrize(("language", "floor"), sorted(SENTIMENT_FLOORS.items()))
def test_sentiment_macro_recall_on_held_out_tweets_stays_above_its_floor(language, floor):
    examples = ds.xlmt_sentiment(DATA, language, "val")
    predicted = _kinds("sentiment", [e.text for e in examples])
    gold = [e.label for e in examples]
    assert metrics.macro_recall(gold, predicted, ds.SENTIMENT_LABELS) >= floor


@needs_data
def test_dutch_sentiment_on_unseen_political_tweets_stays_above_its_floor():
    try:
        examples = ds.dutch_polarity(DATA)
    except ds.DatasetMissing:
        pytest.skip("dutch-political-tweets-polarity is not in the development data")
    predicted = _kinds("sentiment", [e.text for e in examples])
    gold = [e.label for e in examples]
    assert metrics.macro_recall(gold, predicted, ds.SENTIMENT_LABELS) >= 0.50


@needs_data
def test_complaint_f1_on_domains_the_rule_was_not_tuned_on_stays_above_its_floor():
    try:
        examples = complaint_rule.held_out_rows(DATA)
    except ds.DatasetMissing:
        pytest.skip("complaints-social-media is not in the development data")
    predicted = _kinds("complaint", [e.text for e in examples])
    gold = [e.label == "complaint" for e in examples]
    assert metrics.f1(gold, [p == "complaint" for p in predicted]) >= 0.70


@needs_data
def test_the_complaint_rule_is_reported_on_rows_it_was_never_tuned_on():
    try:
        tuning = {e.text for e in complaint_rule.tuning_rows(DATA)}
        held_out = {e.text for e in complaint_rule.held_out_rows(DATA)}
    except ds.DatasetMissing:
        pytest.skip("complaints-social-media is not in the development data")
    assert tuning and held_out
    assert not set(complaint_rule.TUNE_DOMAINS) & set(complaint_rule.REPORT_DOMAINS)
    # A handful of random tweets are word-for-word duplicates of one another; nothing more.
    assert len(tuning & held_out) <= 5


@needs_data
def test_language_identification_on_held_out_posts_of_seven_languages_is_at_least_098():
    from socialgov.engine.analyzers.training.recipes import RECIPES

    for examples in RECIPES["language"].dev(DATA).values():
        predicted = _kinds("language", [e.text for e in examples])
        assert {e.lang for e in examples} >= {"nl", "fr", "en", "de", "es", "it", "pt"}
        assert metrics.accuracy([e.lang for e in examples], predicted) >= 0.98


def test_tuning_the_complaint_rule_twice_gives_identical_weights():
    rng = np.random.default_rng(5)
    x = rng.random((200, len(FEATURES))).astype(np.float32)
    gold = x[:, 0] + 0.3 * rng.random(200) > 0.7
    first = complaint_rule.fit(x, gold)
    second = complaint_rule.fit(x, gold)
    assert np.array_equal(first[0], second[0])
    assert first[1] == second[1]
    # The signal that decides the labels gets the largest weight: the fit does learn.
    assert int(np.argmax(first[0])) == 0
