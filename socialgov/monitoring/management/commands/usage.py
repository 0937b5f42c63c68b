"""`socialgov usage`: working-hours social media use per org unit, from web proxy logs."""

from __future__ import annotations

import json
import os
import re
import secrets
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from socialgov.engine.detectors.proxy_logs import iter_csv, iter_squid, read_people
from socialgov.engine.detectors.streams import bounded_lines
from socialgov.engine.detectors.usage import UsageAggregator, UsageSettings
from socialgov.monitoring.management.commands._detector_io import (
    BadLineReport,
    open_output,
    open_text_input,
)

KEY_ENVIRONMENT = "SOCIALGOV_USAGE_KEY"
MAX_LINE = 100_000  # characters; a proxy log line is a few hundred
_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _working_hours(text: str) -> tuple[time, time]:
    found = _HOURS.match(text.strip())
    if not found:
        raise CommandError("--working-hours must look like 09:00-17:00")
    start_h, start_m, end_h, end_m = (int(part) for part in found.groups())
    try:
        return time(start_h, start_m), time(end_h, end_m)
    except ValueError:
        raise CommandError("--working-hours holds an impossible time") from None


def _working_days(text: str) -> frozenset[int]:
    days: set[int] = set()
    for part in text.lower().split(","):
        first, _, last = part.strip().partition("-")
        if first not in _DAYS or (last and last not in _DAYS):
            raise CommandError("--working-days must look like mon-fri or mon,tue,thu")
        start = _DAYS.index(first)
        end = _DAYS.index(last) if last else start
        days.update(range(start, end + 1))
    return frozenset(days)


class Command(BaseCommand):
    help = (
        "Measure time on social media during working hours per org unit from proxy logs. "
        "Users are pseudonymised with a keyed hash at ingestion; only groups of at least "
        "--min-group-size people are shown; nothing is reported per person."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--log", required=True, help="proxy log ('-': stdin)")
        parser.add_argument("--format", required=True, choices=["squid", "csv"])
        parser.add_argument("--people", required=True, help="CSV: user (or client), org_unit")
        parser.add_argument("--output", required=True, help="report, JSON ('-': stdout)")
        parser.add_argument(
            "--identify",
            choices=["auto", "user", "client"],
            default="auto",
            help="Squid: who a line belongs to (auto: the user name, else the client address)",
        )
        parser.add_argument(
            "--key-file",
            help=f"file holding the pseudonymisation key (default: ${KEY_ENVIRONMENT}, "
            "else a random key for this run only)",
        )
        parser.add_argument("--min-group-size", type=int, default=5)
        parser.add_argument("--session-gap-minutes", type=float, default=5.0)
        parser.add_argument("--timezone", default=getattr(settings, "TIME_ZONE", "UTC"))
        parser.add_argument("--working-hours", default="09:00-17:00")
        parser.add_argument("--working-days", default="mon-fri")
        parser.add_argument(
            "--purpose",
            default=getattr(settings, "SOCIALGOV_USAGE_PURPOSE", "") or UsageSettings.purpose,
        )
        parser.add_argument(
            "--retention-days",
            type=int,
            default=getattr(settings, "SOCIALGOV_USAGE_RETENTION_DAYS", 0)
            or UsageSettings.retention_days,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key, key_note = self._key(options["key_file"])
        if options["min_group_size"] < 2:
            raise CommandError("--min-group-size must be at least 2")
        if not 0 < options["session_gap_minutes"] <= 240:
            raise CommandError("--session-gap-minutes must be between 0 and 240")
        if options["retention_days"] < 1:
            raise CommandError("--retention-days must be at least 1")
        try:
            zone = ZoneInfo(options["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise CommandError(f"unknown time zone {options['timezone']!r}") from None
        start, end = _working_hours(options["working_hours"])
        try:
            usage_settings = UsageSettings(
                key=key,
                purpose=options["purpose"],
                retention_days=options["retention_days"],
                min_group_size=options["min_group_size"],
                session_gap=timedelta(minutes=options["session_gap_minutes"]),
                zone=zone,
                work_start=start,
                work_end=end,
                work_days=_working_days(options["working_days"]),
            )
        except ValueError as error:
            raise CommandError(str(error)) from None

        people_bad = BadLineReport(self.stderr, options["people"])
        with open_text_input(options["people"]) as people_file:
            people = read_people(
                bounded_lines(people_file, limit=100_000), key=key, on_bad_line=people_bad
            )
        aggregator = UsageAggregator(usage_settings, people)
        del people  # only the aggregator's grouping is kept

        bad = BadLineReport(self.stderr, options["log"])
        with open_text_input(options["log"]) as log:
            if options["format"] == "squid":
                requests = iter_squid(
                    bounded_lines(log, limit=100_000), identify=options["identify"], on_bad_line=bad
                )
            else:
                requests = iter_csv(bounded_lines(log, limit=100_000), zone=zone, on_bad_line=bad)
            for request in requests:
                aggregator.add(request)

        report = aggregator.report()
        report["settings"]["key"] = key_note
        report["bad_lines"] = bad.count + people_bad.count
        with open_output(options["output"]) as sink:
            json.dump(report, sink, ensure_ascii=False, indent=2)
            sink.write("\n")
        self.stderr.write(
            f"{report['social_media_requests']} social media requests of {report['requests']}; "
            f"{report['bad_lines']} bad lines skipped"
        )

    def _key(self, key_file: str | None) -> tuple[bytes, str]:
        if key_file:
            try:
                key = Path(key_file).read_bytes().strip()
            except OSError as error:
                raise CommandError(f"cannot read {key_file}: {error.strerror}") from None
            note = "from key file"
        elif os.environ.get(KEY_ENVIRONMENT):
            key = os.environ[KEY_ENVIRONMENT].encode()
            note = f"from ${KEY_ENVIRONMENT}"
        else:
            key = secrets.token_bytes(32)
            note = "random for this run: pseudonyms cannot be linked to other runs"
        if len(key) < 16:
            raise CommandError("the pseudonymisation key must have at least 16 bytes")
        return key, note
