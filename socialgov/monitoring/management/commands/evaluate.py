"""socialgov evaluate: every analyzer on the development sets, beside the peer baselines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.analyzers.evaluation import evaluate, format_table
from socialgov.engine.analyzers.training.datasets import DEFAULT_DATA_DIR


class Command(BaseCommand):
    help = "Score the analyzers on the development data sets and print a table beside peers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="development data folder")
        parser.add_argument(
            "--no-peers", action="store_true", help="skip VADER, alt-profanity-check, Presidio"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"])
        if not data.is_dir():
            raise CommandError(f"data folder {data} does not exist")
        rows, skipped = evaluate(data, with_peers=not options["no_peers"])
        self.stdout.write(format_table(rows, skipped))
