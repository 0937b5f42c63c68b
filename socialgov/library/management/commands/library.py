from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.library.importer import LibraryError, library_load
from socialgov.library.registry import loaders


class Command(BaseCommand):
    help = "Work with the YAML reference library (risk catalogue, matrices, controls, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        load = commands.add_parser("load", help="Load library files (all or nothing).")
        load.add_argument(
            "paths",
            nargs="*",
            type=Path,
            help="Files or directories; default: the library directory (SOCIALGOV_LIBRARY_DIR).",
        )
        load.add_argument(
            "--overwrite-local",
            action="store_true",
            help="Replace items edited locally since they were loaded (default: keep them).",
        )
        commands.add_parser("kinds", help="List the kinds of documents the installed apps load.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "kinds":
            for kind, loader in sorted(loaders().items()):
                self.stdout.write(f"{kind:<20} {loader.description}")
            return
        root = Path(settings.LIBRARY_DIR)
        paths = options["paths"] or [root]
        try:
            report = library_load(
                paths=paths, overwrite_local=options["overwrite_local"], root=root
            )
        except LibraryError as refused:
            for error in refused.errors:
                self.stderr.write(error)
            raise CommandError(
                f"library not loaded: {len(refused.errors)} problem(s), nothing was written"
            ) from None
        if options["verbosity"] >= 1:
            for line in report.lines():
                self.stdout.write(line)
            self.stdout.write(self.style.SUCCESS("Library loaded."))
