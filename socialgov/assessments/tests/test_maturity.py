"""Maturity scoring: weights, dependent questions, merged respondents. Pure Python."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from socialgov.assessments.maturity import ModelError, compare, merge_answers, parse_model, score
from socialgov.assessments.radar import Series, radar_svg

LIBRARY = Path(__file__).resolve().parents[3] / "library" / "maturity"


def _t(text: str) -> dict[str, str]:
    return {"en": text, "nl": text, "fr": text}


SCALE = [
    {"key": f"l{level}", "level": level, "text": _t(f"Level {level}")} for level in range(1, 6)
]


def model_data() -> dict:
    return {
        "key": "test",
        "version": 1,
        "target_level": 3,
        "title": _t("Test"),
        "levels": {level: _t(f"L{level}") for level in range(1, 6)},
        "scale": SCALE,
        "domains": [
            {
                "key": "a",
                "weight": 3,
                "title": _t("A"),
                "questions": [
                    {"key": "a1", "weight": 3, "text": _t("a1"), "action": _t("do a1")},
                    {"key": "a2", "weight": 1, "text": _t("a2"), "action": _t("do a2")},
                    {
                        "key": "a3",
                        "text": _t("a3"),
                        "action": _t("do a3"),
                        "depends_on": {"question": "a1", "min_level": 3},
                    },
                ],
            },
            {
                "key": "b",
                "weight": 1,
                "title": _t("B"),
                "questions": [
                    {"key": "b1", "text": _t("b1"), "action": _t("do b1"), "target_level": 5}
                ],
            },
        ],
    }


def test_the_library_model_covers_the_required_domains_in_three_languages():
    model = parse_model(
        yaml.safe_load((LIBRARY / "social-media-governance.yaml").read_text())["items"][0]
    )
    assert {d.key for d in model.domains} >= {
        "strategy",
        "roles",
        "inventory",
        "policies",
        "awareness",
        "security",
        "monitoring",
        "incidents",
        "legal",
        "internal",
    }
    assert any(q.depends_on for q in model.questions())


def test_question_weights_shape_the_domain_score_and_domain_weights_the_total():
    model = parse_model(model_data())
    merged = merge_answers(model, {"r": {"a1": "l4", "a2": "l1", "a3": "l2", "b1": "l5"}})
    result = score(model, merged)
    # a: (4*3 + 1*1 + 2*1) / 5 = 3.0 ; b: 5 ; total: (3*3 + 5*1) / 4 = 3.5
    assert result.domain("a").score == 3.0  # type: ignore[union-attr]
    assert result.domain("b").score == 5.0  # type: ignore[union-attr]
    assert result.overall == 3.5


def test_a_dependent_question_does_not_count_when_its_condition_fails():
    model = parse_model(model_data())
    merged = merge_answers(model, {"r": {"a1": "l2", "a2": "l2", "a3": "l5", "b1": "l5"}})
    result = score(model, merged)
    assert result.domain("a").score == 2.0  # type: ignore[union-attr]
    assert result.domain("a").applicable == 2  # type: ignore[union-attr]
    assert "a3" not in {gap.question for gap in result.gaps}
    assert "a3" not in result.unanswered


def test_an_unanswered_dependent_question_is_missing_once_its_condition_holds():
    model = parse_model(model_data())
    result = score(model, merge_answers(model, {"r": {"a1": "l3", "a2": "l3", "b1": "l5"}}))
    assert result.unanswered == ("a3",)


def test_several_respondents_are_merged_to_the_mean_and_disagreements_shown():
    model = parse_model(model_data())
    merged = merge_answers(
        model,
        {
            "lead": {"a1": "l1", "a2": "l3", "b1": "l5"},
            "owner": {"a1": "l4", "a2": "l3", "b1": "l4"},
        },
    )
    assert merged["a1"].level == 2.5 and merged["a1"].disagreement
    assert not merged["a2"].disagreement
    result = score(model, merged, respondents=2)
    assert [a.question for a in result.disagreements] == ["a1"]
    # a3 depends on a1 >= 3: the merged 2.5 does not reach it.
    assert result.domain("a").applicable == 2  # type: ignore[union-attr]


def test_questions_below_target_are_gaps_ordered_by_shortfall():
    model = parse_model(model_data())
    result = score(model, merge_answers(model, {"r": {"a1": "l2", "a2": "l3", "b1": "l3"}}))
    assert [(g.question, g.shortfall) for g in result.gaps] == [("b1", 2.0), ("a1", 1.0)]
    assert result.gaps[0].action["en"] == "do b1"


def test_comparison_names_what_improved_and_what_slipped():
    changes = {
        c.key: c.direction
        for c in compare({"a": 2.0, "b": 4.0, "c": 3.0}, {"a": 3.0, "b": 3.5, "c": 3.0})
    }
    assert changes == {"a": "improved", "b": "slipped", "c": "same"}


@pytest.mark.parametrize(
    ("answers", "message"),
    [({"r": {"zz": "l1"}}, "no such question"), ({"r": {"a1": "l9"}}, "no choice")],
)
def test_answers_that_do_not_fit_the_model_are_refused(answers, message):
    with pytest.raises(ModelError, match=message):
        merge_answers(parse_model(model_data()), answers)


def _without(path: list[object]) -> dict:
    data = model_data()
    target = data
    for step in path[:-1]:
        target = target[step]
    del target[path[-1]]
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_without(["domains", 0, "questions", 0, "text", "fr"]), "missing fr translation"),
        (_without(["domains", 0, "questions", 1, "action"]), "action"),
        (_without(["levels", 5]), "levels"),
    ],
)
def test_a_broken_model_is_refused(data, message):
    with pytest.raises(ModelError, match=message):
        parse_model(data)


def test_a_dependency_must_point_at_an_earlier_question():
    data = model_data()
    data["domains"][0]["questions"][0]["depends_on"] = {"question": "b1", "min_level": 2}
    with pytest.raises(ModelError, match="not asked before"):
        parse_model(data)


def test_the_radar_is_an_svg_with_escaped_labels_and_one_polygon_per_series():
    svg = radar_svg(
        ["<script>alert(1)</script>", "B", "C"],
        [Series("now", [1, 5, None]), Series("before", [2, 2, 2], "previous")],
    )
    assert svg.startswith("<svg") and "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert svg.count('class="radar-series') == 2


def test_the_radar_needs_three_axes_and_one_value_per_axis():
    with pytest.raises(ValueError, match="three axes"):
        radar_svg(["a", "b"], [Series("x", [1, 2])])
    with pytest.raises(ValueError, match="one value per axis"):
        radar_svg(["a", "b", "c"], [Series("x", [1, 2])])


@given(
    st.dictionaries(
        st.sampled_from(["r1", "r2", "r3"]),
        st.dictionaries(
            st.sampled_from(["a1", "a2", "a3", "b1", "zz"]),
            st.sampled_from(["l1", "l2", "l3", "l4", "l5", "l9", ""]),
            max_size=5,
        ),
        max_size=3,
    )
)
def test_any_answers_score_within_the_levels_or_are_refused(answers):
    model = parse_model(model_data())
    try:
        merged = merge_answers(model, answers)
    except ModelError:
        return
    result = score(model, merged, respondents=len(answers))
    for value in [result.overall, *(d.score for d in result.domains)]:
        assert value is None or 1 <= value <= 5
    assert all(gap.level < gap.target_level for gap in result.gaps)
