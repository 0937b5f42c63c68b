from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from socialgov.publishing.jobs import publish_due


class Command(BaseCommand):
    help = "Publish the scheduled posts that are due (safe to run from several workers)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(str(publish_due()))
