from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socialgov.archive.services import archive_purge


class Command(BaseCommand):
    help = "Delete archived items past their retention, except those under a legal hold."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{archive_purge()} archived items deleted")
