"""The default analyzers give exactly the findings recorded from main before the speed work
(see `golden_findings.py`): a faster path that changes a kind, a span, a reason or a score in
its fourth decimal fails here."""

import json

import pytest

from socialgov.engine.types import Post

from .golden_findings import FIXTURE, current_findings, current_lines


@pytest.fixture(scope="module")
def golden():
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["posts"] = [Post(i, text) for i, text in enumerate(data["texts"])]
    return data


def test_the_findings_of_the_recorded_posts_are_the_recorded_ones(golden):
    found = current_findings(golden["posts"])
    changed = [
        (post.text[:60], expected, got)
        for post, expected, got in zip(golden["posts"], golden["findings"], found, strict=True)
        if expected != got
    ]
    assert not changed, changed[:3]


def test_the_analyze_output_lines_of_the_recorded_posts_are_the_recorded_ones(golden):
    lines = current_lines(golden["posts"])
    changed = [(a, b) for a, b in zip(golden["lines"], lines, strict=True) if a != b]
    assert len(lines) == len(golden["lines"])
    assert not changed, changed[:3]


def test_the_findings_do_not_depend_on_how_posts_are_batched(golden):
    posts = golden["posts"]
    one_by_one = [row for p in posts[:60] for row in current_findings([p])]
    assert one_by_one == golden["findings"][:60]
