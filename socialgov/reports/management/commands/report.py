from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.core.models import User
from socialgov.reports.models import BoardReport, ReportLanguage, ReportStatus
from socialgov.reports.periods import PERIODS
from socialgov.reports.services import board_report_generate, board_report_request


class Command(BaseCommand):
    help = "Generate a board report: socialgov report board --period quarter --as lead"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        board = sub.add_parser("board", help="generate a board report (PDF)")
        board.add_argument("--period", choices=list(PERIODS), default="quarter")
        board.add_argument("--end", type=dt.date.fromisoformat, help="last day (YYYY-MM-DD)")
        board.add_argument("--language", choices=ReportLanguage.values, default="en")
        board.add_argument("--as", dest="username", required=True, help="the author (a lead)")
        board.add_argument("--output", type=Path, help="also write the PDF to this file")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"no user {options['username']!r}")
        end = options["end"] or dt.datetime.now(dt.UTC).date()
        try:
            report = board_report_request(
                actor=user, period=options["period"], end=end, language=options["language"]
            )
        except Exception as error:
            raise CommandError(str(error)) from error
        # The request queued it on commit; run it here if no worker has taken it yet.
        board_report_generate(report_id=report.pk)
        report = BoardReport.objects.get(pk=report.pk)
        if report.status != ReportStatus.DONE:
            raise CommandError(f"report {report.pk} {report.status}: {report.error}")
        if options["output"]:
            options["output"].write_bytes(bytes(report.pdf))
        self.stdout.write(f"board report {report.pk} ready, sha256 {report.content_hash}")
