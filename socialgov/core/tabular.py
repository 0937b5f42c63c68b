"""Reading CSV and XLSX uploads into rows with their line numbers, the same way for every import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

MAX_ROWS = 200_000
MAX_CELL = 10_000


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, too large)."""


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, str]


def _header_key(name: object) -> str:
    return str(name or "").strip().lower().replace(" ", "_").replace("-", "_")


def _csv_rows(data: bytes) -> Iterator[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    # Belgian spreadsheet exports use semicolons; pick the most common separator of the header.
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise TabularError("the file is empty") from None
    keys = [_header_key(name) for name in header]
    line = reader.line_num
    for cells in reader:
        start = line + 1
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        yield Row(start, {key: cell for key, cell in zip(keys, cells, strict=False) if key})


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise TabularError(f"not a readable XLSX workbook: {error}") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        keys = [_header_key(name) for name in next(rows)]
    except StopIteration:
        raise TabularError("the workbook is empty") from None
    for index, cells in enumerate(rows, start=2):
        values = {
            key: "" if cell is None else str(cell)
            for key, cell in zip(keys, cells, strict=False)
            if key
        }
        if any(value.strip() for value in values.values()):
            yield Row(index, values)
    workbook.close()


def read_table(source: Path | BinaryIO, *, name: str = "") -> list[Row]:
    """Rows of a CSV or XLSX file, chosen by the file name or its first bytes."""
    if isinstance(source, Path):
        name = name or source.name
        data = source.read_bytes()
    else:
        data = source.read()
    is_xlsx = name.lower().endswith(".xlsx") or data[:4] == b"PK\x03\x04"
    rows = list(_xlsx_rows(data) if is_xlsx else _csv_rows(data))
    if len(rows) > MAX_ROWS:
        raise TabularError(f"the file has more than {MAX_ROWS} rows")
    return rows
