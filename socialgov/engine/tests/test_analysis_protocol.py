import dataclasses

import pytest

from socialgov.engine.analyzers.registry import (
    DEFAULT_ANALYZERS,
    ConfigurationError,
    analyze_batch,
    available,
    build,
)
from socialgov.engine.types import Finding, Post


def test_posts_and_findings_cannot_be_changed_after_creation():
    post = Post("1", "hello")
    finding = Finding("language", "en", 0.9, 0, 5, "written in English")
    with pytest.raises(dataclasses.FrozenInstanceError):
        post.text = "changed"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.score = 0.1  # type: ignore[misc]


def test_every_default_analyzer_is_registered():
    assert set(DEFAULT_ANALYZERS) <= set(available())


def test_it_rejects_an_unknown_analyzer_by_name():
    with pytest.raises(ConfigurationError, match="unknown analyzer"):
        build(["sentiment", "horoscope"])


def test_it_rejects_settings_an_analyzer_does_not_take():
    with pytest.raises(ConfigurationError, match="bad settings for analyzer confidential"):
        build(["confidential"], {"confidential": {"colour": "red"}})


def test_it_rejects_settings_for_an_analyzer_that_does_not_exist():
    with pytest.raises(ConfigurationError, match="unknown analyzer"):
        build(["confidential"], {"astrology": {}})


def test_a_batch_gives_one_list_of_findings_per_post_in_order():
    posts = [
        Post(i, text)
        for i, text in enumerate(["mail me at a@example.org", "nothing here", "b@example.com"])
    ]
    results = analyze_batch(build(["personal_data"]), posts)
    assert [len(r) for r in results] == [1, 0, 1]
    assert results[2][0].start == 0


def test_a_batch_gives_the_same_findings_as_posts_one_by_one():
    texts = [
        "Ik ben zo blij met jullie service!",
        "This is the worst airline ever @united",
        "Bonjour à tous",
    ]
    analyzers = build(None)
    together = analyze_batch(analyzers, [Post(i, t) for i, t in enumerate(texts)])
    alone = [analyze_batch(analyzers, [Post(i, t)])[0] for i, t in enumerate(texts)]
    for a, b in zip(together, alone, strict=True):
        assert [(f.analyzer, f.kind, f.start, f.end) for f in a] == [
            (f.analyzer, f.kind, f.start, f.end) for f in b
        ]
        assert [f.score for f in a] == pytest.approx([f.score for f in b], abs=1e-5)


def test_policy_runs_after_the_analyzers_it_reads_whatever_the_order_asked():
    analyzers = build(
        ["policy", "toxicity"],
        {
            "policy": {
                "rules": [{"name": "r", "scores": [{"analyzer": "toxicity", "kind": "toxic"}]}]
            }
        },
    )
    assert [a.slug for a in analyzers] == ["toxicity", "policy"]


def test_a_transformer_model_folder_that_does_not_exist_is_refused_clearly(tmp_path):
    with pytest.raises(ConfigurationError, match="no transformer model"):
        build(["sentiment"], {"sentiment": {"transformer_dir": str(tmp_path / "missing")}})


def test_the_default_install_does_not_import_torch():
    import sys

    build(None)
    assert "torch" not in sys.modules


def test_a_transformer_model_without_the_optional_extra_says_how_to_install_it(tmp_path):
    import importlib.util

    if importlib.util.find_spec("transformers") is not None:
        pytest.skip("transformers is installed here, so the missing-extra message cannot show")
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ConfigurationError, match=r"\[transformer\]"):
        build(["sentiment"], {"sentiment": {"transformer_dir": str(tmp_path)}})


@pytest.mark.parametrize("threshold", [0, 1, 1.5, -0.2])
def test_a_toxicity_threshold_outside_zero_one_is_refused(threshold):
    with pytest.raises(ConfigurationError, match="0 < threshold < 1"):
        build(["toxicity"], {"toxicity": {"threshold": threshold}})
