"""Reading web proxy logs (Squid native access log, generic CSV) and the people list.

Identities are turned into keyed-hash pseudonyms as they are read (`pseudonym`); the readers
report bad lines by number and go on.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from socialgov.engine.detectors.streams import (
    EARLIEST,
    LATEST,
    BadLine,
    BadLineHandler,
    RecordError,
    ignore_bad_line,
    in_range,
)


@dataclass(frozen=True)
class Request:
    moment: datetime
    who: str
    host: str
    size: int = 0


def pseudonym(key: bytes, identifier: str) -> str:
    """A keyed hash of a user name or client address: stable for one key, useless without it."""
    normalised = identifier.strip().lower().encode("utf-8", "replace")
    return hmac.new(key, normalised, hashlib.sha256).hexdigest()[:32]


def _host_of(url: str) -> str:
    """The host name of a requested URL or CONNECT target, lower-case; '' when there is none.

    Cut by hand rather than with urlsplit: this runs once per log line."""
    _scheme, found, rest = url.partition("://")
    if not found:
        # CONNECT requests carry 'host:port'; some logs carry a bare host.
        return url.rsplit(":", 1)[0].strip("[]").lower() if url.count(":") <= 1 else ""
    authority = rest
    for end in "/?#":
        authority = authority.split(end, 1)[0]
    authority = authority.rpartition("@")[2]
    if authority.startswith("["):
        closing = authority.find("]")
        return authority[1:closing].lower() if closing > 0 else ""
    return authority.split(":", 1)[0].lower()


# Epoch seconds of the `streams.in_range` bounds, for lines read without a datetime.
EARLIEST_EPOCH = EARLIEST.timestamp()
LATEST_EPOCH = LATEST.timestamp()


def squid_fields(line: str, *, identify: str = "auto") -> tuple[float, str, str, int]:
    """(epoch seconds, who, host, bytes) of one line of Squid's native access.log format.

    `time elapsed client action/code bytes method URL user hierarchy/peer type`; the person is
    the authenticated `user`, or the client address when the proxy does not authenticate.
    No datetime is built here: the usage aggregator reads millions of these lines a minute.
    """
    fields = line.split()
    if len(fields) < 7:
        raise RecordError("not a Squid native log line (fewer than 7 fields)")
    try:
        stamp = float(fields[0])
        size = int(fields[4])
    except ValueError:
        raise RecordError("not a Squid native log line (bad time or byte count)") from None
    # NaN fails both comparisons, so it is refused here too.
    if not EARLIEST_EPOCH <= stamp < LATEST_EPOCH:
        raise RecordError("time is not between 1970 and 2200")
    user = fields[7] if len(fields) > 7 and fields[7] != "-" else ""
    client = fields[2]
    who = client if identify == "client" else user if identify == "user" else (user or client)
    if not who:
        raise RecordError("no user name on the line (use --identify client)")
    host = _host_of(fields[6])
    if not host:
        raise RecordError("no host in the requested URL")
    return stamp, who[:300], host, max(size, 0)


def parse_squid_line(line: str, *, identify: str = "auto") -> Request:
    """One line of Squid's native access.log format as a `Request` (see `squid_fields`)."""
    stamp, who, host, size = squid_fields(line, identify=identify)
    return Request(datetime.fromtimestamp(stamp, tz=UTC), who, host, size)


_TIME_KEYS = ("time", "timestamp", "datetime", "date_time")
_WHO_KEYS = ("user", "username", "login", "client", "client_ip", "ip", "source_ip")
_HOST_KEYS = ("host", "domain", "hostname", "url")
_BYTES_KEYS = ("bytes", "size", "bytes_sent")


def _first(row: Mapping[str, str], keys: Iterable[str]) -> str:
    for key in keys:
        value = row.get(key)
        if value:
            return value.strip()
    return ""


def parse_time_cell(value: str, zone: ZoneInfo) -> datetime:
    """An epoch number, or ISO 8601 (local time of `zone` when the cell has no zone)."""
    text = value.strip()
    try:
        moment = datetime.fromtimestamp(float(text), tz=UTC)
    except (ValueError, OverflowError, OSError):
        pass
    else:
        if not in_range(moment):
            raise RecordError("time is not between 1970 and 2200")
        return moment
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(f"'time' is neither epoch seconds nor ISO 8601: {value[:40]!r}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise RecordError(f"'time' is out of range: {value[:40]!r}") from None
    if not in_range(moment):
        raise RecordError("time is not between 1970 and 2200")
    return moment


def iter_squid(
    lines: Iterable[str], *, identify: str = "auto", on_bad_line: BadLineHandler = ignore_bad_line
) -> Iterator[Request]:
    for stamp, who, host, size in iter_squid_fields(
        lines, identify=identify, on_bad_line=on_bad_line
    ):
        yield Request(datetime.fromtimestamp(stamp, tz=UTC), who, host, size)


def iter_squid_fields(
    lines: Iterable[str], *, identify: str = "auto", on_bad_line: BadLineHandler = ignore_bad_line
) -> Iterator[tuple[float, str, str, int]]:
    """`squid_fields` of every line; blank lines and comments are skipped, bad lines reported."""
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            yield squid_fields(line[:20_000], identify=identify)
        except RecordError as error:
            on_bad_line(BadLine(number, str(error)))


def iter_csv(
    lines: Iterable[str], *, zone: ZoneInfo, on_bad_line: BadLineHandler = ignore_bad_line
) -> Iterator[Request]:
    """A CSV with a header naming time, user (or client), host (or url) and bytes columns."""
    reader = csv.reader(lines)
    try:
        header = [cell.strip().lower().replace(" ", "_") for cell in next(reader)]
    except StopIteration:
        return
    except csv.Error as error:
        on_bad_line(BadLine(1, f"unreadable CSV header ({error})"))
        return
    if not any(k in header for k in _TIME_KEYS) or not any(k in header for k in _HOST_KEYS):
        on_bad_line(BadLine(1, "the header needs a 'time' and a 'host' (or 'url') column"))
        return
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            on_bad_line(BadLine(reader.line_num, f"unreadable CSV ({error})"))
            continue
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(header, cells, strict=False))
        try:
            who = _first(row, _WHO_KEYS)
            if not who:
                raise RecordError("no user or client on the line")
            host_cell = _first(row, _HOST_KEYS)
            host = _host_of(host_cell)
            if not host:
                raise RecordError("no host on the line")
            size_cell = _first(row, _BYTES_KEYS) or "0"
            try:
                size = max(0, int(float(size_cell)))
            except (ValueError, OverflowError):
                raise RecordError(f"'bytes' is not a number: {size_cell[:20]!r}") from None
            moment = parse_time_cell(_first(row, _TIME_KEYS), zone)
            yield Request(moment, who[:300], host, size)
        except RecordError as error:
            on_bad_line(BadLine(reader.line_num, str(error)))


def read_people(
    lines: Iterable[str], *, key: bytes, on_bad_line: BadLineHandler = ignore_bad_line
) -> dict[str, str]:
    """Pseudonym → org unit from a CSV with a user (or client/ip) column and an org unit column."""
    text = "".join(lines)
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        fieldnames = reader.fieldnames
    except csv.Error as error:
        on_bad_line(BadLine(1, f"unreadable CSV header ({error})"))
        return {}
    if fieldnames is None:
        return {}
    reader.fieldnames = [name.strip().lower().replace(" ", "_") for name in fieldnames]
    people: dict[str, str] = {}
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            on_bad_line(BadLine(reader.line_num, f"unreadable CSV ({error})"))
            continue
        who = _first(row, (*_WHO_KEYS, "email"))
        unit = _first(row, ("org_unit", "unit", "department", "team"))
        if not who or not unit:
            on_bad_line(BadLine(reader.line_num, "needs a user (or client) and an org_unit"))
            continue
        people[pseudonym(key, who)] = unit[:200]
    return people
