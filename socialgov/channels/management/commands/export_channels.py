from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.channels.models import Channel
from socialgov.channels.transfer import EXPORT_COLUMNS, channel_rows
from socialgov.core.spreadsheet import TABLE_FORMATS, table_bytes


class Command(BaseCommand):
    help = (
        "Export the whole channel register to CSV or XLSX (by the file's extension), with cells "
        "a spreadsheet would run as formulas neutralised."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: object) -> None:
        path = options["file"]
        assert isinstance(path, Path)
        channels = Channel.objects.select_related("owner", "deputy", "org_unit").order_by(
            "platform", "handle"
        )
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in TABLE_FORMATS:
            raise CommandError("the file name must end in .csv or .xlsx")
        rows = channel_rows(channels.iterator(chunk_size=1000))
        path.write_bytes(table_bytes(EXPORT_COLUMNS, rows, fmt=fmt, title="channels"))
        self.stdout.write(self.style.SUCCESS(f"{channels.count()} channels written to {path}"))
