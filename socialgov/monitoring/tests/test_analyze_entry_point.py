"""`socialgov analyze` from the console script skips Django's app loading: the same results,
settings and exit codes as the command run through Django, without importing any app."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
POSTS = [
    {"id": 1, "text": "password: Zomer2024!"},
    {"id": 2, "text": "Bel me op +32 470 12 34 56, het is dringend!!"},
    {"id": 3, "text": "#projectfalcon leaks, what a stupid idea"},
]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys\n"
        "from socialgov.cli import main\n"
        "sys.argv = ['socialgov', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "finally:\n"
        "    from django.apps import apps\n"
        "    print('apps loaded:', apps.ready, file=sys.stderr)\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def write_posts(folder: Path) -> Path:
    source = folder / "posts.jsonl"
    source.write_text("".join(json.dumps(post) + "\n" for post in POSTS), encoding="utf-8")
    return source


def test_console_analyze_writes_the_same_lines_as_the_django_command_without_loading_apps(
    tmp_path,
):
    from django.core.management import call_command

    source = write_posts(tmp_path)
    through_django = tmp_path / "django.jsonl"
    call_command("analyze", "-i", str(source), "-o", str(through_django), stderr=io.StringIO())
    console = tmp_path / "console.jsonl"
    done = run_cli("analyze", "-i", str(source), "-o", str(console), "--no-progress")
    assert done.returncode == 0, done.stderr
    assert "apps loaded: False" in done.stderr
    assert console.read_bytes() == through_django.read_bytes()


def test_console_analyze_reads_the_analyzer_setting_of_the_settings_module(tmp_path):
    (tmp_path / "falcon_settings.py").write_text(
        "from config.settings import *  # noqa: F403\n"
        "SOCIALGOV_ANALYZERS = {'confidential': {'watch_list': ['Project Falcon']}}\n"
    )
    source = write_posts(tmp_path)
    target = tmp_path / "out.jsonl"
    done = run_cli(
        "analyze", "-i", str(source), "-o", str(target), "--analyzers", "confidential",
        env={"DJANGO_SETTINGS_MODULE": "falcon_settings", "PYTHONPATH": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    third = json.loads(target.read_text().splitlines()[2])
    assert [f["type"] for f in third["confidential"]] == ["WATCH_LIST"]


def test_console_analyze_exits_with_status_one_and_a_message_for_a_missing_input(tmp_path):
    done = run_cli("analyze", "-i", str(tmp_path / "absent.jsonl"), "-o", os.devnull)
    assert done.returncode == 1
    assert "CommandError:" in done.stderr and "absent.jsonl" in done.stderr


def test_the_command_collects_garbage_rarely_while_it_analyses_and_restores_the_thresholds(
    tmp_path, monkeypatch
):
    import gc

    from django.core.management import call_command

    from socialgov.engine.analyzers import runner

    seen: list[tuple[int, int, int]] = []
    real = runner.analyze_stream

    def spy(*args, **kwargs):
        seen.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr("socialgov.monitoring.management.commands.analyze.analyze_stream", spy)
    before = gc.get_threshold()
    source = write_posts(tmp_path)
    call_command(
        "analyze", "-i", str(source), "-o", str(tmp_path / "o.jsonl"), stderr=io.StringIO()
    )
    assert seen == [runner.GC_THRESHOLDS]
    assert gc.get_threshold() == before


def test_two_workers_write_the_same_lines_as_one(tmp_path):
    source = write_posts(tmp_path)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run_cli("analyze", "-i", str(source), "-o", str(one)).returncode == 0
    done = run_cli("analyze", "-i", str(source), "-o", str(two), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert one.read_bytes() == two.read_bytes()
