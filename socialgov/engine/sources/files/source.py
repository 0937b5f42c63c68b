from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from socialgov.engine.sources.base import (
    Batch,
    IncomingPost,
    InvalidConfiguration,
    Rejection,
    SourceSpec,
    SourceUnavailable,
    register_source,
    utc_now,
)
from socialgov.engine.sources.cleaning import MAX_HANDLE_CHARS, InvalidItem, clean_line
from socialgov.engine.sources.schema import post_from_mapping

MAX_LINE_BYTES = 1024 * 1024
FORMATS = ("jsonl", "csv")


def read_jsonl(stream: IO[bytes], *, start: int = 0) -> Iterator[tuple[int, Any | None, str]]:
    """(offset after the line, parsed object or None, error) for each line from byte `start`.
    A line longer than MAX_LINE_BYTES is skipped whole without being held in memory."""
    stream.seek(start)
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass
            yield stream.tell(), None, f"line longer than {MAX_LINE_BYTES} bytes"
            continue
        if not line.strip():
            yield stream.tell(), None, ""
            continue
        try:
            yield stream.tell(), json.loads(line.decode("utf-8")), ""
        except UnicodeDecodeError:
            yield stream.tell(), None, "line is not valid UTF-8"
        except (ValueError, RecursionError) as error:
            yield stream.tell(), None, f"malformed JSON: {type(error).__name__}"


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    path = config.get("path")
    if not isinstance(path, str) or not path.strip():
        raise InvalidConfiguration("path is required")
    resolved = Path(path).expanduser().resolve()
    file_format = str(config.get("format") or resolved.suffix.lstrip(".")).lower()
    if file_format not in FORMATS:
        raise InvalidConfiguration(f"format must be one of {', '.join(FORMATS)}")
    return {
        "path": str(resolved),
        "format": file_format,
        "platform": clean_line(config.get("platform"), limit=40).lower(),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
        "batch_size": max(1, min(int(config.get("batch_size", 500)), 10_000)),
    }


class FileSource:
    """Reads from the stored position (byte offset for JSONL, row for CSV) in batches; the
    position is stored with each batch, so an interrupted import resumes, never restarts."""

    def __init__(self, config: Mapping[str, Any], secrets: Mapping[str, str], http: object):
        self.config = config
        self.now: Callable[[], dt.datetime] = utc_now

    def _post(self, item: Any) -> IncomingPost:
        return post_from_mapping(
            item,
            now=self.now(),
            default_platform=self.config["platform"],
            default_channel=self.config["channel"],
        )

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        path = Path(self.config["path"])
        try:
            stream = path.open("rb")
        except OSError as error:
            raise SourceUnavailable(f"cannot open {path.name}: {error.strerror}") from error
        with stream:
            if self.config["format"] == "jsonl":
                yield from self._jsonl(stream, int(cursor.get("offset", 0) or 0))
            else:
                yield from self._csv(stream, int(cursor.get("row", 0) or 0))

    def _jsonl(self, stream: IO[bytes], start: int) -> Iterator[Batch]:
        posts: list[IncomingPost] = []
        rejected: list[Rejection] = []
        offset = start
        for offset, item, error in read_jsonl(stream, start=start):
            if error:
                rejected.append(Rejection(error))
            elif item is not None:
                try:
                    posts.append(self._post(item))
                except InvalidItem as invalid:
                    rejected.append(Rejection(str(invalid), repr(item)[:200]))
            if len(posts) + len(rejected) >= self.config["batch_size"]:
                yield Batch(posts, {"offset": offset}, rejected)
                posts, rejected = [], []
        if posts or rejected or offset != start:
            yield Batch(posts, {"offset": offset}, rejected)

    def _csv(self, stream: IO[bytes], start_row: int) -> Iterator[Batch]:
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="replace", newline="")
        csv.field_size_limit(MAX_LINE_BYTES)
        reader = csv.DictReader(text)
        posts: list[IncomingPost] = []
        rejected: list[Rejection] = []
        row_number = 0
        try:
            for row_number, row in enumerate(reader, start=1):
                if row_number <= start_row:
                    continue
                item = {key: value for key, value in row.items() if key and value not in ("", None)}
                try:
                    posts.append(self._post(item))
                except InvalidItem as invalid:
                    rejected.append(Rejection(f"row {row_number}: {invalid}"))
                if len(posts) + len(rejected) >= self.config["batch_size"]:
                    yield Batch(posts, {"row": row_number}, rejected)
                    posts, rejected = [], []
        except csv.Error as error:
            rejected.append(Rejection(f"row {row_number + 1}: unreadable CSV: {error}"))
        if posts or rejected or row_number > start_row:
            yield Batch(posts, {"row": max(row_number, start_row)}, rejected)


register_source(
    SourceSpec(
        kind="file",
        label="File import (JSONL / CSV)",
        factory=FileSource,
        validate_config=_validate,
    )
)
