import io
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.engine.detectors.streams import (
    MAX_LINE_BYTES,
    BadLine,
    RecordError,
    bounded_lines,
    iter_jsonl,
    iter_records,
    parse_timestamp,
    string_list_field,
    text_field,
)


def test_it_reports_each_bad_line_by_number_and_goes_on():
    bad: list[BadLine] = []
    lines = [
        b'{"a": 1}\n',
        b"{oops\n",
        b"\xff\xfe not utf-8\n",
        b"[1, 2]\n",
        b"\n",
        b"x" * (MAX_LINE_BYTES + 1),
        b'{"a": 2}\n',
    ]

    good = list(iter_jsonl(lines, on_bad_line=bad.append))

    assert good == [(1, {"a": 1}), (7, {"a": 2})]
    assert [line.line_number for line in bad] == [2, 3, 4, 6]
    assert "not valid JSON" in str(bad[0])
    assert "not UTF-8" in str(bad[1])
    assert "expected a JSON object" in str(bad[2])


def test_a_record_that_does_not_parse_becomes_a_bad_line():
    bad: list[BadLine] = []

    def parse(record):
        if "name" not in record:
            raise RecordError("'name' is required")
        return record["name"]

    names = list(iter_records(['{"name": "a"}', "{}"], parse, on_bad_line=bad.append))

    assert names == ["a"]
    assert str(bad[0]) == "line 2: 'name' is required"


def test_times_need_a_zone_and_come_back_in_utc():
    assert parse_timestamp("2026-03-02T10:00:00+01:00") == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert parse_timestamp("2026-03-02T10:00:00Z") == datetime(2026, 3, 2, 10, tzinfo=UTC)
    with pytest.raises(RecordError, match="no time zone"):
        parse_timestamp("2026-03-02T10:00:00")
    with pytest.raises(RecordError, match="not an ISO 8601"):
        parse_timestamp("yesterday")


def test_fields_are_checked_for_type_and_size():
    assert text_field({"a": "x" * 50}, "a", limit=10) == "x" * 10
    assert text_field({"a": 12}, "a") == "12"
    with pytest.raises(RecordError, match="'a' must be a string"):
        text_field({"a": {"b": 1}}, "a")
    with pytest.raises(RecordError, match="'a' is required"):
        text_field({}, "a", required=True)
    assert string_list_field({"u": "https://a"}, "u") == ["https://a"]
    with pytest.raises(RecordError, match="list of strings"):
        string_list_field({"u": [1, 2]}, "u")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.binary(max_size=60), max_size=10))
def test_no_bytes_crash_the_reader(lines):
    list(iter_jsonl(lines))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_text_crashes_the_time_parser(text):
    try:
        moment = parse_timestamp(text)
    except RecordError:
        return
    assert moment.tzinfo is not None


def test_a_huge_line_is_cut_and_skipped_without_losing_count():
    source = io.BytesIO(b'{"a": 1}\n' + b"x" * 5000 + b'\n{"a": 2}\n' + b"y" * 50)
    bad: list[BadLine] = []

    lines = list(bounded_lines(source, limit=100))
    good = list(iter_jsonl(lines, on_bad_line=bad.append))

    assert [len(line) for line in lines] == [9, 101, 9, 50]
    assert good == [(1, {"a": 1}), (3, {"a": 2})]
    assert [line.line_number for line in bad] == [2, 4]


def test_bounded_lines_reads_text_too():
    assert list(bounded_lines(io.StringIO("a\nb"), limit=10)) == ["a\n", "b"]
