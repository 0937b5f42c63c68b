from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.channels.models import Channel
from socialgov.channels.transfer import channels_export_csv, channels_export_xlsx


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
        if path.suffix.lower() == ".xlsx":
            path.write_bytes(channels_export_xlsx(channels.iterator(chunk_size=1000)))
        elif path.suffix.lower() == ".csv":
            path.write_bytes(channels_export_csv(channels.iterator(chunk_size=1000)))
        else:
            raise CommandError("the file name must end in .csv or .xlsx")
        self.stdout.write(self.style.SUCCESS(f"{channels.count()} channels written to {path}"))
