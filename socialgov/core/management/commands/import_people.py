from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.core.people_import import ImportRejected, org_units_import, people_import
from socialgov.core.tabular import TabularError, read_table


class Command(BaseCommand):
    help = (
        "Import org units or people from an HR export (CSV or XLSX). Every row is checked first; "
        "one bad row and nothing is imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--org-units", action="store_true", help="the file holds org units")
        parser.add_argument(
            "--deactivate-missing",
            action="store_true",
            help="people not in the file have left the organisation",
        )

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            rows = read_table(path)
            if options["org_units"]:
                report = org_units_import(actor=None, rows=rows)
            else:
                report = people_import(
                    actor=None, rows=rows, deactivate_missing=bool(options["deactivate_missing"])
                )
        except TabularError as error:
            raise CommandError(f"{path}: {error}") from None
        except ImportRejected as rejected:
            for problem in rejected.errors:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(rejected.errors)} problem(s); nothing was imported") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"created {report.created}, updated {report.updated}, "
                f"unchanged {report.unchanged}, "
                f"marked as left {report.deactivated}"
            )
        )
