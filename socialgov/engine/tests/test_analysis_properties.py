"""Whatever a stranger posts, no analyzer crashes and every span lies inside the text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.types import Post

ANALYZERS = build(
    None,
    {
        "confidential": {"watch_list": ["Project Falcon", "Zeus"]},
        "policy": {"rules": [{"name": "r", "keywords": ["refund"], "patterns": [r"\d{3}"]}]},
    },
)
# Text that looks like social media: words, digits, punctuation, emoji, zero-width and
# combining characters, other scripts.
ALPHABET = st.sampled_from(
    [
        *"abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 @#:/.-_+=!?*'\"\n\t",
        "é",
        "ï",
        "ø",
        "ß",
        "\u200b",
        "\u0301",
        "\ufeff",
        "а",
        "о",
        "😀",
        "🤬",
        "ﬁ",
        "İ",
        "\x00",
        "\ud7ff",
        "中",
        "ي",
    ]
)
POSTS = st.one_of(st.text(), st.text(alphabet=ALPHABET, max_size=300))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(POSTS, min_size=1, max_size=5))
def test_no_text_crashes_an_analyzer_and_all_offsets_lie_inside_the_text(texts):
    posts = [Post(i, t) for i, t in enumerate(texts)]
    results = analyze_batch(ANALYZERS, posts)
    assert len(results) == len(posts)
    for post, findings in zip(posts, results, strict=True):
        for finding in findings:
            assert 0 <= finding.start <= finding.end <= len(post.text)
            assert 0.0 <= finding.score <= 1.0
            assert finding.reason


@settings(max_examples=50, deadline=None)
@given(prefix=st.text(alphabet=ALPHABET, max_size=40))
def test_an_email_is_found_at_its_place_whatever_comes_before(prefix):
    text = prefix + " mail anna@example.org"
    found = [f for f in analyze_batch(ANALYZERS, [Post(1, text)])[0] if f.kind == "EMAIL_ADDRESS"]
    assert any(text[f.start : f.end].endswith("anna@example.org") for f in found)
