"""Reading detector input one line at a time: bad lines are reported by number and skipped.

Every record was written by a stranger (or by a connector fed by strangers), so a detector never
trusts a field's type or size. The helpers here turn a line into a dict or a `BadLine`, and pull
typed fields out of a record with a `RecordError` a person can read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any, AnyStr

MAX_LINE_BYTES = 1_000_000
MAX_TEXT_CHARS = 20_000
# Times a detector accepts: anything else is a typo or an attack, and would overflow date sums.
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 1, 1, tzinfo=UTC)


class RecordError(ValueError):
    """One record cannot be used; the message says which field and why."""


@dataclass(frozen=True)
class BadLine:
    line_number: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line_number}: {self.reason}"


BadLineHandler = Callable[[BadLine], None]


def ignore_bad_line(bad: BadLine) -> None:
    """The default handler: a caller that does not care still gets a stream that goes on."""


def bounded_lines(stream: IO[AnyStr], *, limit: int = MAX_LINE_BYTES) -> Iterator[AnyStr]:
    """The lines of a file, never holding more than `limit` characters of one line in memory.

    A longer line is cut at `limit + 1` characters (so readers can tell it was too long) and
    the rest of it is skipped: one item per line in the file, so line numbers stay right.
    """
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not _ends_line(line):
            while True:
                rest = stream.readline(limit)
                if not rest or _ends_line(rest):
                    break
        yield line


def _ends_line(chunk: str | bytes) -> bool:
    return chunk.endswith(b"\n") if isinstance(chunk, bytes) else chunk.endswith("\n")


def iter_jsonl(
    lines: Iterable[bytes | str], *, on_bad_line: BadLineHandler = ignore_bad_line
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number, object) for each JSON object line; report every other line."""
    for number, raw in enumerate(lines, start=1):
        if len(raw) > MAX_LINE_BYTES:
            on_bad_line(BadLine(number, f"line longer than {MAX_LINE_BYTES} bytes"))
            continue
        if isinstance(raw, bytes):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as error:
                on_bad_line(BadLine(number, f"not UTF-8 ({error.reason} at byte {error.start})"))
                continue
        else:
            text = raw
        text = text.strip().lstrip("\ufeff")
        if not text:
            continue
        try:
            value = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            reason = error.msg if isinstance(error, json.JSONDecodeError) else "nested too deep"
            on_bad_line(BadLine(number, f"not valid JSON ({reason})"))
            continue
        if not isinstance(value, dict):
            on_bad_line(BadLine(number, f"expected a JSON object, got {type(value).__name__}"))
            continue
        yield number, value


def iter_records(
    lines: Iterable[bytes | str],
    parse: Callable[[dict[str, Any]], Any],
    *,
    on_bad_line: BadLineHandler = ignore_bad_line,
) -> Iterator[Any]:
    """Yield `parse(object)` for each good line; a `RecordError` becomes a reported bad line."""
    for number, value in iter_jsonl(lines, on_bad_line=on_bad_line):
        try:
            yield parse(value)
        except RecordError as error:
            on_bad_line(BadLine(number, str(error)))


def write_jsonl(stream: IO[str], record: dict[str, Any]) -> None:
    stream.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")


def text_field(
    record: dict[str, Any], key: str, *, required: bool = False, limit: int = MAX_TEXT_CHARS
) -> str:
    """A string field, truncated to `limit` characters; numbers are accepted as their text."""
    value = record.get(key)
    if value.__class__ is str and value:
        return value[:limit]  # the common case, first
    if value is None or value == "":
        if required:
            raise RecordError(f"'{key}' is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise RecordError(f"'{key}' must be a string")
    return str(value)[:limit]


def number_field(record: dict[str, Any], key: str) -> float | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RecordError(f"'{key}' must be a number")
    number = float(value)
    if not math.isfinite(number):
        raise RecordError(f"'{key}' must be a finite number")
    return number


def string_list_field(record: dict[str, Any], key: str, *, limit: int = 100) -> list[str]:
    value = record.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value[:2000]] if value else []
    if not isinstance(value, list):
        raise RecordError(f"'{key}' must be a list of strings")
    items = [item[:2000] for item in value[:limit] if isinstance(item, str) and item]
    if len(items) != len([item for item in value[:limit] if item not in (None, "")]):
        raise RecordError(f"'{key}' must be a list of strings")
    return items


def parse_timestamp(value: object, *, key: str = "created_at") -> datetime:
    """An ISO 8601 time with a zone, returned in UTC. Naive times are refused, not guessed."""
    if not isinstance(value, str) or not value:
        raise RecordError(f"'{key}' must be an ISO 8601 time with a zone")
    text = value.strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(f"'{key}' is not an ISO 8601 time: {value[:40]!r}") from None
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise RecordError(f"'{key}' has no time zone: {value[:40]!r}")
    try:
        moment = moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise RecordError(f"'{key}' is out of range: {value[:40]!r}") from None
    if not in_range(moment):
        raise RecordError(f"'{key}' is not between 1970 and 2200: {value[:40]!r}")
    return moment


def in_range(moment: datetime) -> bool:
    return EARLIEST <= moment < LATEST


def optional_timestamp(record: dict[str, Any], key: str) -> datetime | None:
    value = record.get(key)
    if value is None or value == "":
        return None
    return parse_timestamp(value, key=key)


def isoformat(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")
