"""socialgov analyze --input POSTS.jsonl --output RESULTS.jsonl (`-` for stdin / stdout)."""

from __future__ import annotations

import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.analyzers.registry import ConfigurationError, available
from socialgov.engine.analyzers.runner import analyze_stream, rare_garbage_collection

MAX_ERRORS_SHOWN = 20


def load_settings(path: str | None) -> dict[str, Any]:
    """Analyzer settings: the `SOCIALGOV_ANALYZERS` Django setting, overridden by a JSON file."""
    merged: dict[str, Any] = dict(getattr(settings, "SOCIALGOV_ANALYZERS", {}))
    if path:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"cannot read analyzer settings {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path} must hold a JSON object of analyzer slug to settings")
        merged.update(data)
    return merged


class Command(BaseCommand):
    help = "Analyse posts from a JSON-lines file and write one JSON result line per post."
    # It reads no database and serves no URL: the system checks would import every view (PDF,
    # API schema...) and cost more CPU than analysing thousands of posts.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", "-i", default="-", help="JSON-lines posts, or - for stdin")
        parser.add_argument("--output", "-o", default="-", help="where results go, or - for stdout")
        parser.add_argument(
            "--analyzers",
            help=f"comma-separated subset of: {', '.join(available())} (default: all)",
        )
        parser.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
        parser.add_argument(
            "--batch-size", type=int, default=1024, help="posts per batch (default 1024)"
        )
        parser.add_argument("--config", help="JSON file: {analyzer slug: settings}")
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        slugs = (
            [s.strip() for s in options["analyzers"].split(",") if s.strip()]
            if options["analyzers"]
            else None
        )
        if options["workers"] < 1 or options["batch_size"] < 1:
            raise CommandError("--workers and --batch-size must be at least 1")
        analyzer_settings = load_settings(options["config"])
        with ExitStack() as stack:
            try:
                source = (
                    sys.stdin
                    if options["input"] == "-"
                    else stack.enter_context(
                        open(options["input"], encoding="utf-8", errors="replace")
                    )
                )
                sink = (
                    sys.stdout
                    if options["output"] == "-"
                    else stack.enter_context(open(options["output"], "w", encoding="utf-8"))
                )
            except OSError as exc:
                raise CommandError(str(exc)) from exc
            progress = None
            if not options["no_progress"] and sys.stderr.isatty():
                from tqdm import tqdm

                progress = stack.enter_context(tqdm(unit=" posts", file=sys.stderr, smoothing=0.1))
            stack.enter_context(rare_garbage_collection())
            try:
                summary = analyze_stream(
                    source,
                    sink,
                    slugs=slugs,
                    settings=analyzer_settings,
                    workers=options["workers"],
                    batch_size=options["batch_size"],
                    on_progress=progress.update if progress else None,
                )
            except ConfigurationError as exc:
                raise CommandError(str(exc)) from exc
        for _number, message in summary.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"bad input: {message}")
        if len(summary.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"... and {len(summary.errors) - MAX_ERRORS_SHOWN} more bad lines")
        self.stderr.write(
            f"analysed {summary.analysed} posts in {summary.seconds:.1f}s "
            f"({summary.posts_per_second:,.0f} posts/s); {len(summary.errors)} bad lines"
        )
        if summary.errors:
            raise CommandError(
                f"{len(summary.errors)} input lines could not be analysed", returncode=1
            )
