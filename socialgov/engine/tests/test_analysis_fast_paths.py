"""The fast paths give exactly what the plain ones give: one stacked pass over the weights of
every model scores each model bit for bit as its own `predict_proba` on its own features, and
the prefilters that skip posts never skip one that could match."""

import hashlib
import re
import unicodedata

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.analyzers import cues, features, normalise, shared
from socialgov.engine.analyzers.builtin.confidential import _LABEL_RE, LABEL_NEEDLES, LABELS
from socialgov.engine.analyzers.builtin.personal_data import PERSON_NEEDLES, PERSON_RE
from socialgov.engine.analyzers.builtin.secrets import PASSWORD_NEEDLES, PASSWORD_RE
from socialgov.engine.analyzers.data import service_posts
from socialgov.engine.analyzers.features import FeatureSpec, extract, with_cue_features
from socialgov.engine.analyzers.lexicon import Lexicon, LexiconHit, find_in
from socialgov.engine.analyzers.linear import load_model
from socialgov.engine.analyzers.normalise import may_contain
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


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_a_classification_label_matches_passes_the_label_prefilter(data):
    pattern = data.draw(st.sampled_from([p for p, _ in LABELS]))
    text = data.draw(st.from_regex(re.compile(pattern, re.IGNORECASE), fullmatch=True))
    assert may_contain(text, LABEL_NEEDLES), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.from_regex(PASSWORD_RE))
def test_every_text_the_password_pattern_matches_passes_its_prefilter(text):
    assert may_contain(text, PASSWORD_NEEDLES), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.from_regex(PERSON_RE))
def test_every_text_the_person_pattern_matches_passes_its_prefilter(text):
    assert any(needle in text for needle in PERSON_NEEDLES), text


@pytest.mark.parametrize("text", ["confıdential", "CONFİDENTIAL", "top ſecret"])
def test_the_label_prefilter_ignores_case_as_the_label_pattern_does(text):
    assert _LABEL_RE.search(text)
    assert may_contain(text, LABEL_NEEDLES)


@pytest.mark.parametrize("text", ["Kennwort: x9!kq", "paſſword: x9!kq"])
def test_the_password_prefilter_ignores_case_as_the_password_pattern_does(text):
    assert PASSWORD_RE.search(text)
    assert may_contain(text, PASSWORD_NEEDLES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.from_regex(normalise.CREDENTIAL_RE))
def test_every_text_the_credential_pattern_matches_passes_its_prefilter(text):
    assert any(needle in text for needle in normalise._CREDENTIAL_NEEDLES), text


# The patterns as they were written before they were reordered for speed.
CAMEL_AS_WRITTEN = re.compile(r"(?<=[^\W\d_]{3})(?<![A-Z])(?=[A-Z][a-z])")
MENTION_AS_WRITTEN = re.compile(r"(?<!\w)@\w+")


def _every_step(text: str) -> str:
    """The model view with every pattern run on every post, as before the prefilters."""
    text = text[: normalise.MAX_MODEL_CHARS * 2]
    if not text.isascii():
        text = normalise.ZERO_WIDTH_RE.sub("", text)
        text = unicodedata.normalize("NFKC", text).translate(normalise._CONFUSABLE_TABLE)
    text = CAMEL_AS_WRITTEN.sub(" ", text).lower()
    text = normalise.SPACED_RE.sub(lambda m: m.group(0).replace(" ", ""), text)
    text = normalise.CREDENTIAL_RE.sub(normalise._mask_credential, text)
    text = normalise.EMAIL_VALUE_RE.sub(" emailaddress ", text)
    text = normalise.URL_RE.sub(" httpurl ", text)
    text = MENTION_AS_WRITTEN.sub(" @user ", text)
    text = re.sub(r"(.)\1{2,}", r"\1\1", text)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return " ".join(text.split())[: normalise.MAX_MODEL_CHARS]


URLISH = st.sampled_from(
    [
        "http://x.be/a",
        "www.Example.com",
        "bit.ly/Ab",
        "&amp;",
        "pw: Geheim1",
        "anna@ex.org",
        "a@b.c",
        "@Anna",
        "x@Anna",
        "F u c k",
        "d i t",
        "dieseNutte",
        "ABCdef",
        "ÉcoleÉté",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(st.one_of(POSTS, URLISH), max_size=4))
def test_the_prefiltered_model_view_equals_the_one_from_every_step(parts):
    text = " ".join(parts)
    assert normalise.normalise_for_model(text) == _every_step(text)


def test_the_prefiltered_model_view_equals_the_one_from_every_step_on_written_posts():
    texts = WRITTEN + [t for lang in ("en", "nl", "fr") for t in service_posts(lang)[:200]]
    assert [normalise.normalise_for_model(t) for t in texts] == [_every_step(t) for t in texts]


# The digest of these features as the shipped models were trained on them (recorded from main
# before the speed work): a faster feature pass must give the same bytes, or every model
# would silently read other buckets than it learned.
FEATURE_TEXTS = [
    "@bpost mijn pakket is nog steeds niet geleverd, waardeloos!!!",
    "Onze medewerker helpt u graag",
    "Merci pour votre aide 😀 le service client est top",
    "you are an idiot",
    "",
    "Straße 中文 ﬁ İ",
]
FEATURE_CUES = [["a"], [], ["tox:insult", "lex_neg>=1"], ["x"], [], ["y"]]
FEATURE_DIGEST = "0ad312fe439934419e8b51dc6e33c7aa012270cee8ea24b27c080f8ac34e29d1"


def test_hashed_features_are_the_bytes_the_models_were_trained_on():
    texts = [normalise.normalise_for_model(t) for t in FEATURE_TEXTS]
    features = extract(texts, FeatureSpec(bits=18, char_orders=(1, 2, 3, 4, 5)))
    features = with_cue_features(features, FEATURE_CUES, 18)
    raw = features.doc_ptr.tobytes() + features.index.tobytes() + features.value.tobytes()
    assert hashlib.sha256(raw).hexdigest() == FEATURE_DIGEST


@settings(max_examples=300, deadline=None)
@given(text=POSTS)
def test_the_three_letter_test_agrees_with_counting_letters(text):
    letters = len(re.findall(r"[^\W\d_]", text[:200]))
    assert bool(shared._THREE_LETTERS_RE.search(text, 0, 200)) == (letters >= 3)


@pytest.mark.parametrize(
    ("pattern", "hint"),
    [
        (CAMEL_AS_WRITTEN, normalise.CAMEL_RE),
        (MENTION_AS_WRITTEN, normalise.MENTION_RE),
    ],
)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(POSTS, st.from_regex(r"[a-zA-Zé@ ]{0,3}(?:[a-zé]{3}[A-Z][a-z]|@\w)\w*")))
def test_a_reordered_pattern_matches_where_it_matched_as_written(pattern, hint, text):
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in hint.finditer(text)]


# Each pattern, and the cheap test that must pass before it runs.
PREFILTERS = [
    (normalise.SPACED_RE, normalise._SPACED_HINT_RE),
    (normalise.EMAIL_VALUE_RE, normalise._EMAIL_HINT_RE),
    (cues._ELONGATED_RE, cues._SAME_THREE_RE),
    (cues._CAPS_WORD_RE, cues._THREE_CAPS_RE),
]


@pytest.mark.parametrize(("pattern", "prefilter"), PREFILTERS)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_a_pattern_finds_something_in_passes_its_prefilter(pattern, prefilter, data):
    inner = data.draw(st.from_regex(pattern))
    text = data.draw(POSTS) + inner + data.draw(POSTS)
    if pattern.search(text):
        assert prefilter.search(text), text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_text_with_an_emoticon_passes_the_emoticon_prefilter(data):
    pattern = data.draw(st.sampled_from([cues._HAPPY_EMOTICON_RE, cues._SAD_EMOTICON_RE]))
    text = data.draw(st.from_regex(pattern))
    if pattern.search(text):
        assert cues._may_hold_emoticon(text), text


def _plain_find(lexicon: Lexicon, tokens: list[str]) -> list[LexiconHit]:
    """A lexicon's hits as it found them alone, before the lookups were shared."""
    hits: list[LexiconHit] = []
    for i, token in enumerate(tokens):
        for phrase, categories in lexicon._phrases_by_start.get(token, ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                hits.extend(
                    LexiconHit(" ".join(phrase), c, i, i + len(phrase) - 1) for c in categories
                )
    for i, token in enumerate(tokens):
        found = lexicon._word_category(token)
        if found is not None:
            hits.extend(LexiconHit(found[0], c, i, i) for c in found[1])
    return sorted(hits, key=lambda hit: hit.first)


LEXICONS = tuple(lexicon() for lexicon in shared._LEXICONS.values())
LEXICON_WORDS = sorted(
    {w for lexicon in LEXICONS for phrase in lexicon.phrases for w in phrase}
    | {w for lexicon in LEXICONS for w in list(lexicon.words)[:300]}
)


@settings(max_examples=300, deadline=None)
@given(
    tokens=st.lists(
        st.one_of(st.sampled_from(LEXICON_WORDS), st.text(alphabet="abdeilnorst*", max_size=9)),
        max_size=12,
    )
)
def test_looking_up_word_lists_together_finds_what_each_finds_alone(tokens):
    together = find_in(tokens, LEXICONS)
    assert together == [_plain_find(lexicon, tokens) for lexicon in LEXICONS]
    assert [lexicon.find(tokens) for lexicon in LEXICONS] == together


def _sorted_features(texts: list[str], spec: FeatureSpec) -> tuple[np.ndarray, ...]:
    """The features as a stable sort by post laid them out, before the sort was dropped."""
    layout = features._layout(texts)
    pieces: features._Pieces = ([], [])
    features._char_ngrams(layout, spec, pieces)
    features._word_ngrams(layout, spec, pieces)
    doc = np.concatenate(pieces[0]) if pieces[0] else np.empty(0, np.int64)
    idx = np.concatenate(pieces[1]) if pieces[1] else np.empty(0, np.int64)
    order = np.argsort(doc, kind="stable")
    doc, idx = doc[order], idx[order]
    counts = np.bincount(doc, minlength=len(texts)).astype(np.int64)
    norm = 1.0 / np.sqrt(np.maximum(counts, 1)).astype(np.float32)
    return np.concatenate(([0], np.cumsum(counts))), idx, norm[doc]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(POSTS, max_size=6))
def test_features_placed_by_counting_are_the_features_a_stable_sort_gives(texts):
    texts = [normalise.normalise_for_model(t) for t in texts]
    spec = FeatureSpec(bits=18, char_orders=(1, 2, 3, 4, 5))
    got = extract(texts, spec)
    ptr, idx, value = _sorted_features(texts, spec)
    assert np.array_equal(got.doc_ptr, ptr)
    assert np.array_equal(got.index, idx)
    assert np.array_equal(got.value, value)
    assert got.value.dtype == np.float32
