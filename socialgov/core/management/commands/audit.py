from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.core.audit import audit_verify


class Command(BaseCommand):
    help = "Audit log tools. `audit verify` checks the hash chain and names the first broken event."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: object, **options: object) -> None:
        report = audit_verify()
        if not report.ok:
            where = f"event {report.first_broken_id}" if report.first_broken_id else "chain end"
            raise CommandError(
                f"audit chain broken at {where}: {report.reason} ({report.checked} events checked)"
            )
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events"))
