from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from socialgov.archive.verify import archive_verify


class Command(BaseCommand):
    help = "Check the content hash of every archived version; fails when one was tampered with."

    def handle(self, *args: Any, **options: Any) -> None:
        report = archive_verify()
        if not report.ok:
            for line in report.broken:
                self.stderr.write(f"broken: {line}")
            raise CommandError(f"{len(report.broken)} of {report.versions} versions do not verify")
        self.stdout.write(f"{report.versions} versions verify")
