"""Reading one uploaded proxy log into the usage aggregates, streamed: memory stays flat
whatever the size of the log.

Each run uses a fresh random pseudonymisation key that is never stored: the pseudonyms of one
report cannot be linked to another's, and nothing that leaves this module names a person."""

from __future__ import annotations

import datetime as dt
import io
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from socialgov.core.models import EmploymentStatus, Person
from socialgov.engine.detectors.proxy_logs import iter_csv, pseudonym
from socialgov.engine.detectors.streams import BadLine, bounded_lines
from socialgov.engine.detectors.usage import UsageAggregator, UsageSettings, aggregate_squid
from socialgov.usage.models import LogFormat

MAX_LINE = 100_000  # characters; a proxy log line is a few hundred
PROGRESS_EVERY = 200_000  # lines
KEPT_REJECTIONS = 20
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")

ProgressHandler = Callable[[int, int], None]


@dataclass
class LogReadout:
    figures: dict[str, Any]
    lines: int = 0
    rejected: int = 0
    first_rejections: list[dict[str, Any]] = field(default_factory=list)
    period_start: dt.datetime | None = None
    period_end: dt.datetime | None = None


def working_hours(text: str) -> tuple[dt.time, dt.time]:
    found = _HOURS.match(text.strip())
    if not found:
        raise ValueError("SOCIALGOV_USAGE_WORKING_HOURS must look like 09:00-17:00")
    start_h, start_m, end_h, end_m = (int(part) for part in found.groups())
    return dt.time(start_h, start_m), dt.time(end_h, end_m)


def usage_settings(key: bytes) -> UsageSettings:
    start, end = working_hours(settings.SOCIALGOV_USAGE_WORKING_HOURS)
    return UsageSettings(
        key=key,
        retention_days=settings.SOCIALGOV_USAGE_RETENTION_DAYS,
        min_group_size=settings.SOCIALGOV_USAGE_MIN_GROUP_SIZE,
        zone=ZoneInfo(settings.TIME_ZONE),
        work_start=start,
        work_end=end,
    )


def people_of_the_organisation(key: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """(pseudonym → org unit, alias pseudonym → pseudonym) for every active person.

    A proxy logs a person under their user name, e-mail address, its local part or employee
    ID; all of them lead to one pseudonym, so each person counts once in their unit."""
    people: dict[str, str] = {}
    aliases: dict[str, str] = {}
    rows = Person.objects.filter(
        employment_status=EmploymentStatus.ACTIVE, org_unit__isnull=False
    ).select_related("org_unit", "user")
    for person in rows.iterator(chunk_size=2000):
        if person.org_unit is None:
            continue
        canonical = pseudonym(key, f"person:{person.pk}")
        people[canonical] = person.org_unit.name
        names = {person.email, person.email.split("@", 1)[0], person.employee_id}
        user = getattr(person, "user", None)
        if user is not None:
            names.add(user.username)
        for name in names:
            if name:
                aliases[pseudonym(key, name)] = canonical
    return people, aliases


class _ProgressFile(io.RawIOBase):
    """The raw file, counting the bytes read so far for the progress bar."""

    def __init__(self, raw: io.BufferedReader) -> None:
        self.raw = raw
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer)
        self.consumed += count or 0
        return count or 0


def read_log(
    *, path: Path, log_format: str, identify: str, on_progress: ProgressHandler
) -> LogReadout:
    key = secrets.token_bytes(32)
    people, aliases = people_of_the_organisation(key)
    aggregator = UsageAggregator(usage_settings(key), people, aliases)
    del people, aliases
    readout = LogReadout(figures={})

    def reject(bad: BadLine) -> None:
        readout.rejected += 1
        if len(readout.first_rejections) < KEPT_REJECTIONS:
            readout.first_rejections.append({"line": bad.line_number, "reason": bad.reason[:200]})

    total = max(path.stat().st_size, 1)
    with path.open("rb") as binary:
        counted = _ProgressFile(binary)
        # Undecodable bytes become U+FFFD rather than stopping the read; the line is then
        # rejected or kept on its merits.
        text = io.TextIOWrapper(
            io.BufferedReader(counted, buffer_size=CHUNK_BYTES),
            encoding="utf-8",
            errors="replace",
            newline="",
        )
        lines = _counting(bounded_lines(text, limit=MAX_LINE), readout, counted, total, on_progress)
        if log_format == LogFormat.SQUID:
            aggregate_squid(aggregator, lines, identify=identify, on_bad_line=reject)
        else:
            zone = ZoneInfo(settings.TIME_ZONE)
            for request in iter_csv(lines, zone=zone, on_bad_line=reject):
                aggregator.add(request)
    readout.figures = aggregator.report()
    if aggregator.first is not None and aggregator.last is not None:
        readout.period_start = dt.datetime.fromtimestamp(aggregator.first, tz=dt.UTC)
        readout.period_end = dt.datetime.fromtimestamp(aggregator.last, tz=dt.UTC)
    return readout


CHUNK_BYTES = 1024 * 1024


def _counting(
    lines: Any,
    readout: LogReadout,
    counted: _ProgressFile,
    total: int,
    on_progress: ProgressHandler,
) -> Any:
    """The lines, counted, with the progress reported every PROGRESS_EVERY lines."""
    number = 0
    for number, line in enumerate(lines, start=1):
        if number % PROGRESS_EVERY == 0:
            readout.lines = number
            on_progress(min(99, max(1, counted.consumed * 100 // total)), number)
        yield line
    readout.lines = number
