"""Run the access review jobs once: open due reviews, send reminders, escalate overdue ones.

Meant for cron or the executor's schedule; `--date` replays a given day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.channels import jobs


class Command(BaseCommand):
    help = "Open due access reviews, remind owners and escalate overdue reviews."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")
        parser.add_argument(
            "--only",
            choices=["open", "remind", "escalate"],
            help="run one step instead of all three",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must look like 2026-11-27") from None
        steps = {
            "open": jobs.access_reviews_open_due,
            "remind": jobs.access_reviews_remind,
            "escalate": jobs.access_reviews_escalate,
        }
        if options["only"]:
            count = steps[options["only"]](today)
            self.stdout.write(f"{options['only']}: {count}")
            return
        report = jobs.run_daily(today)
        self.stdout.write(
            f"opened: {report.opened}, reminded: {report.reminded}, escalated: {report.escalated}"
        )
