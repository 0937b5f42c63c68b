from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.channels.transfer import channels_import, discovered_accounts_import
from socialgov.core.people_import import ImportRejected
from socialgov.core.tabular import TabularError, read_table


class Command(BaseCommand):
    help = (
        "Import channels (or, with --lookalikes, discovered accounts) from CSV or XLSX. Every row "
        "is checked first; one bad row and nothing is imported. Known channels are updated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--lookalikes", action="store_true", help="the file holds discovered accounts"
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        importer = discovered_accounts_import if options["lookalikes"] else channels_import
        try:
            report = importer(actor=None, rows=read_table(path))
        except TabularError as error:
            raise CommandError(f"{path}: {error}") from None
        except ImportRejected as rejected:
            for problem in rejected.errors:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(rejected.errors)} problem(s); nothing was imported") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"created {report.created}, updated {report.updated}, unchanged {report.unchanged}"
            )
        )
