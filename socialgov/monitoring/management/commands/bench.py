"""socialgov bench <target>: throughput benchmarks printed beside the peers.

Targets are sub-commands; add one by putting a function in `BENCHMARKS` and its arguments in
`add_arguments` (e.g. `bench detect ...` for the stream detectors).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.analyzers.bench import (
    COMMAND_POSTS,
    format_bench,
    format_command_bench,
    run_analyze_bench,
    run_command_bench,
    tweets,
    vader_speed,
)
from socialgov.engine.analyzers.training.datasets import DEFAULT_DATA_DIR


def bench_analyze(command: BaseCommand, options: dict[str, Any]) -> None:
    data = Path(options["data"])
    if not data.is_dir():
        raise CommandError(f"data folder {data} does not exist")
    results, notes = run_analyze_bench(
        data, posts=options["posts"], with_peers=not options["no_peers"]
    )
    command.stdout.write(format_bench(results, notes))
    if options["command_posts"]:
        texts = tweets(data, options["command_posts"])
        runs = run_command_bench(texts, max(1, options["max_workers"]))
        command.stdout.write(format_command_bench(runs, vader_speed(results)))


# Benchmarks that are scripts in bench/ (they build their own databases and processes).
SCRIPTS = {
    "pipeline": "file to stored findings and alerts, SQLite and --postgres side by side",
    "scale": "analysis on 1, 2... Celery workers on Redis + PostgreSQL against one process",
    "soak": "a compressed day of shaped traffic: RSS per minute, posts lost or duplicated",
    "api_scale": "posts, alerts and channels list endpoints on a large store (p95)",
}
BENCH_DIR = Path(__file__).resolve().parents[4] / "bench"


def bench_script(command: BaseCommand, options: dict[str, Any]) -> None:
    script = BENCH_DIR / f"{options['target']}.py"
    if not script.is_file():
        raise CommandError(f"{script} is missing (the benchmarks run from a source checkout)")
    done = subprocess.run([sys.executable, str(script), *options["args"]], check=False)
    if done.returncode:
        raise CommandError(f"{script.name} exited with {done.returncode}")


BENCHMARKS: dict[str, Callable[[BaseCommand, dict[str, Any]], None]] = {
    "analyze": bench_analyze,
    **dict.fromkeys(SCRIPTS, bench_script),
}


class Command(BaseCommand):
    help = (
        "Benchmarks: `bench analyze` measures posts per second per analyzer on one core; "
        "`bench pipeline|scale|soak|api_scale [options]` run the scripts in bench/."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        targets = parser.add_subparsers(
            dest="target", required=True, metavar="{" + ",".join(BENCHMARKS) + "}"
        )
        analyze = targets.add_parser("analyze", help="posts/s per analyzer and for the default set")
        analyze.add_argument(
            "--data", default=str(DEFAULT_DATA_DIR), help="development data folder (tweets)"
        )
        analyze.add_argument("--posts", type=int, default=10_000, help="posts per measurement")
        analyze.add_argument("--no-peers", action="store_true", help="skip the peer baselines")
        analyze.add_argument(
            "--command-posts",
            type=int,
            default=COMMAND_POSTS,
            help="posts for the whole `analyze` command runs (0: skip them)",
        )
        analyze.add_argument(
            "--max-workers",
            type=int,
            default=os.cpu_count() or 1,
            help="run the whole command with 1 ... this many workers (default: all cores)",
        )
        for name, summary in SCRIPTS.items():
            script = targets.add_parser(name, help=summary, add_help=False)
            script.add_argument("args", nargs=argparse.REMAINDER, help="the script's options")

    def run_from_argv(self, argv: list[str]) -> None:
        # A script's own options (`bench soak --posts 5000000`) go to the script untouched:
        # argparse would take them for this command's.
        if len(argv) > 2 and argv[2] in SCRIPTS:
            try:
                bench_script(self, {"target": argv[2], "args": argv[3:]})
            except CommandError as error:
                self.stderr.write(str(error))
                sys.exit(1)
            return
        super().run_from_argv(argv)

    def handle(self, *args: Any, **options: Any) -> None:
        BENCHMARKS[options["target"]](self, options)
