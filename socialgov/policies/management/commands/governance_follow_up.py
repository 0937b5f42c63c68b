"""Remind people of acknowledgements and training due, escalate overdue ones to their manager,
and start next year's run of yearly awareness campaigns.

Meant for cron or the executor's daily schedule; `--date` replays a given day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.policies import jobs


class Command(BaseCommand):
    help = "Send acknowledgement and training reminders, escalate, renew yearly campaigns."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("--date must be YYYY-MM-DD") from None
        for name, count in jobs.run_daily(today=today).items():
            self.stdout.write(f"{name}: {count}")
