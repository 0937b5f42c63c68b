"""Training module parsing and quiz scoring: pure Python, no database."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from socialgov.awareness.content import ContentError, parse_module, score_quiz

LIBRARY = Path(__file__).resolve().parents[3] / "library" / "training"


def _t(text: str) -> dict[str, str]:
    return {"en": text, "nl": f"{text} (nl)", "fr": f"{text} (fr)"}


MODULE = {
    "key": "demo",
    "pass_mark": 60,
    "title": _t("Demo"),
    "summary": _t("Summary"),
    "lessons": [{"key": "one", "title": _t("Lesson"), "body": _t("**Body**")}],
    "quiz": [
        {
            "key": "q1",
            "kind": "single",
            "text": _t("One?"),
            "choices": [
                {"key": "a", "text": _t("A"), "correct": True},
                {"key": "b", "text": _t("B")},
            ],
        },
        {
            "key": "q2",
            "kind": "multiple",
            "text": _t("Two?"),
            "choices": [
                {"key": "a", "text": _t("A"), "correct": True},
                {"key": "b", "text": _t("B"), "correct": True},
                {"key": "c", "text": _t("C")},
            ],
        },
        {
            "key": "q3",
            "text": _t("Three?"),
            "choices": [
                {"key": "x", "text": _t("X")},
                {"key": "y", "text": _t("Y"), "correct": True},
            ],
        },
    ],
}


def test_every_library_module_parses_with_all_three_languages():
    files = sorted(LIBRARY.glob("*.yaml"))
    assert len(files) >= 5
    keys = {
        parse_module(item, source=f.name).key
        for f in files
        for item in yaml.safe_load(f.read_text())["items"]
    }
    assert {
        "phishing-account-takeover",
        "what-not-to-post",
        "complaint-and-crisis",
        "respectful-behaviour",
        "private-use-at-work",
    } <= keys


def test_all_right_answers_pass_and_score_one_hundred():
    module = parse_module(MODULE)
    result = score_quiz(
        module.questions, {"q1": ["a"], "q2": ["a", "b"], "q3": "y"}, pass_mark=module.pass_mark
    )
    assert (result.correct, result.total, result.score, result.passed) == (3, 3, 100, True)


def test_a_multiple_choice_question_needs_exactly_the_correct_choices():
    module = parse_module(MODULE)
    partly = score_quiz(module.questions, {"q1": ["a"], "q2": ["a"], "q3": ["y"]}, pass_mark=60)
    too_many = score_quiz(
        module.questions, {"q1": ["a"], "q2": ["a", "b", "c"], "q3": ["y"]}, pass_mark=60
    )
    assert partly.wrong_questions == ("q2",) and too_many.wrong_questions == ("q2",)
    assert partly.score == 67


@pytest.mark.parametrize(("right", "passed"), [(2, True), (1, False)])
def test_the_pass_mark_decides(right, passed):
    module = parse_module(MODULE)
    answers = {"q1": ["a"], "q2": ["a", "b"] if right == 2 else ["c"], "q3": ["x"]}
    result = score_quiz(module.questions, answers, pass_mark=60)
    assert result.correct == right
    assert result.passed is passed


def test_an_unanswered_question_counts_as_wrong():
    module = parse_module(MODULE)
    result = score_quiz(module.questions, {"q1": ["a"]}, pass_mark=60)
    assert result.correct == 1 and result.wrong_questions == ("q2", "q3")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"q9": ["a"]}, "no such question"),
        ({"q1": ["z"]}, "no such choice"),
        ({"q1": ["a", "b"]}, "choose one"),
        ({"q1": [1]}, "choice keys"),
        ({"q1": {"a": True}}, "choice keys"),
    ],
)
def test_it_refuses_answers_that_do_not_fit_the_quiz(answers, message):
    module = parse_module(MODULE)
    with pytest.raises(ContentError, match=message):
        score_quiz(module.questions, answers, pass_mark=60)


def _broken(path: list[object], value: object) -> dict:
    data = copy.deepcopy(MODULE)
    target: object = data
    for step in path[:-1]:
        target = target[step]  # type: ignore[index]
    if value is None:
        del target[path[-1]]  # type: ignore[attr-defined]
    else:
        target[path[-1]] = value  # type: ignore[index]
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_broken(["title", "fr"], None), "missing fr translation"),
        (_broken(["lessons", 0, "body", "nl"], " "), "missing nl translation"),
        (_broken(["quiz", 0, "choices", 0, "correct"], False), "no correct answer"),
        (_broken(["quiz", 0, "choices", 1, "correct"], True), "exactly one correct"),
        (_broken(["quiz", 1, "kind"], "essay"), "single or multiple"),
        (_broken(["quiz", 2, "key"], "q1"), "unique"),
        (_broken(["quiz", 0, "choices", 0, "key"], True), "missing key"),
        (_broken(["pass_mark"], 140), "percentage"),
        (_broken(["quiz"], []), "non-empty list"),
    ],
)
def test_it_refuses_a_broken_module(data, message):
    with pytest.raises(ContentError, match=message):
        parse_module(data)


@given(
    st.dictionaries(
        st.text(max_size=5),
        st.one_of(st.text(max_size=3), st.lists(st.text(max_size=3), max_size=4), st.integers()),
        max_size=5,
    )
)
def test_scoring_hostile_answers_either_scores_or_refuses_clearly(answers):
    module = parse_module(MODULE)
    try:
        result = score_quiz(module.questions, answers, pass_mark=60)
    except ContentError:
        return
    assert 0 <= result.score <= 100
