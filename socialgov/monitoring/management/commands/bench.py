"""socialgov bench <target>: throughput benchmarks printed beside the peers.

Targets are sub-commands; add one by putting a function in `BENCHMARKS` and its arguments in
`add_arguments` (e.g. `bench detect ...` for the stream detectors).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.analyzers.bench import format_bench, run_analyze_bench
from socialgov.engine.analyzers.training.datasets import DEFAULT_DATA_DIR


def bench_analyze(command: BaseCommand, options: dict[str, Any]) -> None:
    data = Path(options["data"])
    if not data.is_dir():
        raise CommandError(f"data folder {data} does not exist")
    results, notes = run_analyze_bench(
        data, posts=options["posts"], with_peers=not options["no_peers"]
    )
    command.stdout.write(format_bench(results, notes))


BENCHMARKS: dict[str, Callable[[BaseCommand, dict[str, Any]], None]] = {"analyze": bench_analyze}


class Command(BaseCommand):
    help = "Benchmarks: `bench analyze` measures posts per second per analyzer on one core."

    def add_arguments(self, parser: CommandParser) -> None:
        targets = parser.add_subparsers(dest="target", required=True, metavar="{analyze}")
        analyze = targets.add_parser("analyze", help="posts/s per analyzer and for the default set")
        analyze.add_argument(
            "--data", default=str(DEFAULT_DATA_DIR), help="development data folder (tweets)"
        )
        analyze.add_argument("--posts", type=int, default=10_000, help="posts per measurement")
        analyze.add_argument("--no-peers", action="store_true", help="skip the peer baselines")

    def handle(self, *args: Any, **options: Any) -> None:
        BENCHMARKS[options["target"]](self, options)
