"""socialgov train: retrain the shipped analysis models from the development data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.analyzers.linear import MODELS_DIR
from socialgov.engine.analyzers.training.datasets import DEFAULT_DATA_DIR, DatasetMissing
from socialgov.engine.analyzers.training.train import TASKS, train


class Command(BaseCommand):
    help = "Train the shipped analysis models (reproducible: same data, same weights)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", default=str(DEFAULT_DATA_DIR), help="development data folder")
        parser.add_argument(
            "--output", default=str(MODELS_DIR), help="where the .npz files and model cards go"
        )
        parser.add_argument(
            "--only",
            action="append",
            choices=sorted(TASKS),
            help="train only this model (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"])
        if not data.is_dir():
            raise CommandError(f"data folder {data} does not exist")
        command = "socialgov train" + "".join(f" --only {n}" for n in options["only"] or [])
        try:
            train(
                options["only"],
                data,
                Path(options["output"]),
                log=self.stdout.write,
                command=command,
            )
        except DatasetMissing as exc:
            raise CommandError(f"training data missing: {exc}") from exc
