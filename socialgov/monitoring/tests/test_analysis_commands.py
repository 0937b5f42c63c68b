"""The management commands are thin wrappers; these check the wiring, not the analysis."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def test_analyze_reads_a_file_and_writes_one_line_per_post(tmp_path):
    source = tmp_path / "posts.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "password: Zomer2024!"}) + "\n")
    target = tmp_path / "results.jsonl"
    call_command(
        "analyze",
        "--input",
        str(source),
        "--output",
        str(target),
        "--analyzers",
        "secrets",
        stderr=io.StringIO(),
    )
    [line] = target.read_text().splitlines()
    assert json.loads(line)["secrets"][0]["type"] == "PASSWORD"


def test_analyze_exits_with_status_one_when_a_line_is_bad(tmp_path):
    source = tmp_path / "posts.jsonl"
    source.write_text('{"id": 1, "text": "ok"}\nnot json\n')
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "analyze",
            "--input",
            str(source),
            "--output",
            str(tmp_path / "out.jsonl"),
            stderr=stderr,
        )
    assert raised.value.returncode == 1
    assert "line 2" in stderr.getvalue()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


def test_analyze_refuses_an_unknown_analyzer(tmp_path):
    with pytest.raises(CommandError, match="unknown analyzer"):
        call_command("analyze", "--input", "-", "--analyzers", "tarot", stderr=io.StringIO())


def test_analyze_reads_analyzer_settings_from_a_json_file(tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"confidential": {"watch_list": ["Project Falcon"]}}))
    source = tmp_path / "posts.jsonl"
    source.write_text(json.dumps({"id": 1, "text": "#projectfalcon leaks"}) + "\n")
    target = tmp_path / "out.jsonl"
    call_command(
        "analyze",
        "-i",
        str(source),
        "-o",
        str(target),
        "--analyzers",
        "confidential",
        "--config",
        str(config),
        stderr=io.StringIO(),
    )
    assert json.loads(target.read_text())["confidential"][0]["type"] == "WATCH_LIST"


def test_evaluate_and_bench_say_clearly_when_the_data_folder_is_missing(tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        call_command("evaluate", "--data", str(tmp_path / "nowhere"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("bench", "analyze", "--data", str(tmp_path / "nowhere"))
