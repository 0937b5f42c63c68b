import pytest

from socialgov.engine.analyzers.registry import ConfigurationError, analyze_batch, build
from socialgov.engine.types import Post

RULES = [
    {
        "name": "no-refund-promises",
        "severity": "high",
        "channels": ["acme_support"],
        "keywords": ["guaranteed refund"],
    },
    {"name": "no-phone-numbers", "severity": "medium", "patterns": [r"\+32\s?\d"]},
    {
        "name": "abuse",
        "severity": "critical",
        "scores": [{"analyzer": "toxicity", "kind": "toxic", "min_score": 0.6}],
    },
]


def run(text: str, channel: str | None = None, rules=RULES) -> list:
    analyzers = build(["toxicity", "policy"], {"policy": {"rules": rules}})
    findings = analyze_batch(analyzers, [Post("1", text, channel=channel)])[0]
    return [f for f in findings if f.analyzer == "policy"]


def test_a_keyword_rule_names_the_rule_and_its_severity():
    [found] = run("We offer a Guaranteed Refund on everything", channel="acme_support")
    assert found.kind == "no-refund-promises"
    assert found.score == 0.75
    assert "guaranteed refund" in found.reason


def test_a_rule_for_one_channel_does_not_apply_to_another():
    assert run("We offer a guaranteed refund", channel="acme_marketing") == []


def test_a_pattern_rule_applies_to_every_channel_when_none_are_listed():
    [found] = run("call +32 470 00 00 00", channel="anything")
    assert found.kind == "no-phone-numbers"


def test_a_score_rule_reads_the_other_analyzers_findings():
    found = run("You are a fucking idiot")
    assert [f.kind for f in found] == ["abuse"]
    assert found[0].score == 1.0


def test_match_all_needs_every_condition():
    rules = [{"name": "both", "keywords": ["launch"], "patterns": [r"\bQ[1-4]\b"], "match": "all"}]
    assert run("launch date", rules=rules) == []
    assert len(run("launch in Q3", rules=rules)) == 2


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"severity": "high", "keywords": ["x"]}, "needs a name"),
        ({"name": "r", "severity": "urgent", "keywords": ["x"]}, "severity"),
        ({"name": "r", "patterns": ["(unclosed"]}, "bad pattern"),
        ({"name": "r"}, "needs keywords"),
        ({"name": "r", "keywords": ["x"], "colour": "red"}, "unknown setting"),
        ({"name": "r", "scores": [{"kind": "toxic"}]}, "bad score condition"),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_error(rule, message):
    with pytest.raises(ConfigurationError, match=message):
        build(["policy"], {"policy": {"rules": [rule]}})
