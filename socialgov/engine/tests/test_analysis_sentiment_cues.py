"""Sentiment cues that survive short, noisy posts, and German sentiment, on hand-written cases."""

from __future__ import annotations

import pytest

from socialgov.engine.analyzers.cues import sentiment_cues
from socialgov.engine.analyzers.normalise import lexicon_tokens, normalise_for_model

from .analysis_helpers import head


def cues_of(text: str) -> list[str]:
    return sentiment_cues(lexicon_tokens(normalise_for_model(text)), text)


@pytest.mark.parametrize(
    "text",
    [
        "This is not very good",
        "Dit is echt niet zo goed",
        "Ce n'est pas vraiment bon",
        "Das ist nicht sehr gut",
    ],
)
def test_a_negator_flips_a_positive_word_a_few_words_later(text):
    cues = cues_of(text)
    assert "negated_pos" in cues
    assert "lex_neg>=1" in cues
    assert "lex_pos>=1" not in cues


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("really terrible service", "intense_neg"),
        ("heel erg slecht", "intense_neg"),
        ("vraiment génial", "intense_pos"),
        ("sehr gut", "intense_pos"),
    ],
)
def test_an_intensifier_before_a_polar_word_is_a_cue_of_its_own(text, cue):
    assert cue in cues_of(text)


def test_the_clause_after_but_is_marked_with_its_polarity():
    cues = cues_of("The food was good but the service was terrible")
    assert "after_contrast_neg" in cues
    assert "after_contrast_pos" not in cues
    assert cues_of("Le repas était bon mais le service était nul").count("after_contrast_neg") == 1


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("see you tomorrow :)", "emoji_pos>=1"),
        ("train late again :(", "emoji_neg>=1"),
        ("<3 <3", "emoji_pos>=1"),
        ("sooooo late", "elongated"),
        ("this is RIDICULOUS", "shouting"),
        ("great, another delay #not", "irony_tag"),
        ("wat!!!", "exclamations"),
    ],
)
def test_emoticons_stretching_capitals_and_irony_tags_are_cues(text, cue):
    assert cue in cues_of(text)


def test_a_time_or_a_url_is_not_an_emoticon():
    assert "emoji_pos>=1" not in cues_of("open 9:30 to 17:00 https://example.org/a:b")
    assert "emoji_neg>=1" not in cues_of("open 9:30 to 17:00 https://example.org/a:b")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Das ist wirklich schlecht, ich bin sehr enttäuscht", "negative"),
        ("Der Zug hat schon wieder Verspätung, eine Katastrophe", "negative"),
        ("Vielen Dank, der Service war super und sehr freundlich!", "positive"),
        ("Ich liebe diesen Laden ❤️", "positive"),
    ],
)
def test_german_posts_get_a_sentiment(text, label):
    found = head(text, "sentiment")
    assert found.kind == label
    assert found.score > 0.4


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Ik ben echt heel blij met jullie hulp, top!", "positive"),
        ("Nooit meer, wat een waardeloze klantenservice", "negative"),
        ("Vraiment nul, le colis n'est jamais arrivé", "negative"),
        ("Not happy at all, the app keeps crashing", "negative"),
    ],
)
def test_clear_dutch_french_and_english_cases_read_right(text, label):
    assert head(text, "sentiment").kind == label


@pytest.mark.parametrize(
    "text",
    [
        "De eerste vergadering in Leiden is morgen om tien uur",
        "Meer informatie over de begroting staat op de website",
        "La séance reprend demain à neuf heures",
        "Die Sitzung beginnt morgen um neun Uhr",
    ],
)
def test_the_longer_word_lists_match_whole_words_only(text):
    # "eer" (honour) must not match inside "eerste" or "meer"; "Leiden" is a city.
    assert "no_polar_cue" in cues_of(text)


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Wat een schandelijke en beschamende vertoning", "lex_neg>=2"),
        ("Complimenten, wat een indrukwekkende en hartelijke ontvangst", "lex_pos>=2"),
        ("Une situation lamentable et inquiétante", "lex_neg>=2"),
        ("Eine erfreuliche und beeindruckende Nachricht, herzlichen Dank", "lex_pos>=2"),
    ],
)
def test_everyday_polar_words_of_dutch_french_and_german_are_cues(text, cue):
    assert cue in cues_of(text)


def test_only_the_scaled_language_moves_towards_neutral_and_rows_stay_probabilities():
    import numpy as np

    from socialgov.engine.analyzers.shared import _rescale

    scores = np.array([[0.5, 0.3, 0.2], [0.5, 0.3, 0.2]], dtype=np.float32)
    _rescale(scores, ["nl", "fr"], {"nl": [1.0, 1.5, 1.0]})
    assert scores[0].argmax() == 0
    assert scores[0][1] > 0.3
    np.testing.assert_allclose(scores[0].sum(), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(scores[1], np.array([0.5, 0.3, 0.2], dtype=np.float32))


def test_the_shipped_sentiment_model_scales_only_dutch_towards_neutral():
    from socialgov.engine.analyzers.linear import load_model

    model = load_model("sentiment")
    assert model.meta["class_scale"] == {"nl": [1.0, 1.5, 1.0]}
    assert model.labels[1] == "neutral"
