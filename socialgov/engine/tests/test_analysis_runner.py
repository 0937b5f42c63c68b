import io
import json

import pytest

from socialgov.engine.analyzers.registry import ConfigurationError
from socialgov.engine.analyzers.runner import BadLine, analyze_stream, parse_post

LINES = [
    json.dumps({"id": 1, "text": "@bpost mijn pakket is nog steeds niet geleverd, waardeloos"}),
    "this is not json",
    json.dumps({"id": 2}),
    json.dumps({"id": 3, "text": 42}),
    json.dumps(
        {
            "id": "four",
            "text": "Mail me: anna@example.org, IBAN BE71 0961 2345 6769",
            "lang": "en",
            "platform": "x",
        }
    ),
    "",
    json.dumps({"id": 5, "text": "Great job team!", "created_at": "2026-11-27T10:00:00Z"}),
]


def run(lines, **kwargs):
    sink = io.StringIO()
    summary = analyze_stream(io.StringIO("\n".join(lines) + "\n"), sink, **kwargs)
    return summary, [json.loads(line) for line in sink.getvalue().splitlines()]


def test_every_input_line_gives_one_output_line_in_the_same_order():
    _, out = run(LINES)
    assert [r.get("id") for r in out] == [1, None, None, None, "four", 5]


def test_bad_lines_are_reported_with_their_line_number_and_reason_and_the_rest_is_analysed():
    summary, out = run(LINES)
    assert summary.analysed == 3
    assert [number for number, _ in summary.errors] == [2, 3, 4]
    assert out[1] == {"line": 2, "error": out[1]["error"]}
    assert "not JSON" in out[1]["error"]
    assert out[2]["error"] == "no 'text'"
    assert "not a string" in out[3]["error"]


def test_a_result_has_the_documented_shape():
    _, out = run(LINES)
    record = out[4]
    assert set(record) == {
        "id",
        "lang",
        "sentiment",
        "complaint",
        "toxicity",
        "pii",
        "secrets",
        "confidential",
        "findings",
    }
    assert {p["type"] for p in record["pii"]} == {"EMAIL_ADDRESS", "IBAN_CODE"}
    assert record["sentiment"]["label"] in {"negative", "neutral", "positive"}
    assert isinstance(record["complaint"]["label"], bool)
    assert isinstance(record["toxicity"]["categories"], list)
    assert out[0]["complaint"]["label"] is True


def test_a_subset_of_analyzers_gives_only_their_keys():
    _, out = run(LINES[:1], slugs=["language", "secrets"])
    assert set(out[0]) == {"id", "lang", "secrets", "findings"}


def test_an_unknown_analyzer_fails_before_reading_anything():
    with pytest.raises(ConfigurationError):
        run(LINES, slugs=["nope"])


def test_several_workers_give_exactly_the_output_of_one():
    lines = [
        json.dumps({"id": i, "text": f"post {i}: bel 0470 12 34 {i % 90 + 10}"}) for i in range(300)
    ]
    _, one = run(lines, batch_size=16)
    _, two = run(lines, workers=2, batch_size=16)
    assert one == two


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "not a JSON object"),
        ('{"text": "x"}', "no 'id'"),
        ('{"id": true, "text": "x"}', "'id' must be"),
        ('{"id": 1, "text": "x", "lang": 5}', "'lang' must be a string"),
        ('{"id": 1, "text": "x", "created_at": "yesterday"}', "ISO 8601"),
        ("[" * 100_000, "not JSON"),
    ],
)
def test_hostile_lines_are_refused_with_a_reason(line, message):
    with pytest.raises(BadLine, match=message):
        parse_post(line)
