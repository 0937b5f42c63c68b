"""The one writer for every CSV and XLSX export: a spreadsheet opens each cell as data.

A cell that a spreadsheet would read as a formula starts with = + - @ | % or a control
character, possibly after spaces, and possibly in a look-alike form that the spreadsheet folds
to ASCII (the fullwidth ＝, the small ﹦: NFKC says what they fold to).

- CSV: such a cell gets a leading apostrophe (the convention spreadsheets show as text). Every
  cell is quoted, so our own comma never splits one; a Belgian spreadsheet splits an unquoted
  line on `;`, and the quotes hold there too, except when the text after a `;` or a tab inside
  a cell would itself start a formula, so that text gets its apostrophe as well.
- XLSX: the text is kept exactly, written as a string cell with the quote-prefix style, so it is
  never evaluated, not even after the cell is edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "|", "%")
# Spaces and control characters a spreadsheet skips before it looks for a formula sign.
# A double quote is skipped too: after a split at `;` it may open a quoted field.
_SKIPPED = "".join(chr(code) for code in range(33)) + '\u00a0\u3000\ufeff"'
# A separator a spreadsheet might split a line on, inside a cell (our own comma is quoted away).
_INNER_SEPARATOR = re.compile(r"([;\t])")
Cell = object


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet could run `text` (or a piece of it split off at `;`) as a formula."""
    if not text:
        return False
    if text[0] in "\t\r\n":
        return True
    folded = unicodedata.normalize("NFKC", text).lstrip(_SKIPPED)
    return folded.startswith(FORMULA_STARTS)


def formula_safe(value: object) -> str:
    """The CSV text of a cell: as given, unless a spreadsheet would evaluate some part of it."""
    text = "" if value is None else str(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return text  # a number of ours, -3 included, is data
    pieces = _INNER_SEPARATOR.split(text)
    # pieces alternate text, separator, text...: each text after a separator is a cell of its own
    # to a spreadsheet that splits on that separator.
    for index in range(2, len(pieces), 2):
        if looks_like_formula(pieces[index]):
            pieces[index] = "'" + pieces[index]
    text = "".join(pieces)
    return "'" + text if looks_like_formula(text) else text


def csv_bytes(rows: Iterable[Sequence[Cell]], *, bom: bool = True) -> bytes:
    """UTF-8 CSV (with a BOM so that spreadsheets detect the encoding), every cell quoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    for row in rows:
        writer.writerow([formula_safe(cell) for cell in row])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode()


def _xlsx_cell(sheet: object, value: Cell) -> object:
    from openpyxl.cell import WriteOnlyCell

    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.datetime):
        return WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]
    text = str(value)
    cell = WriteOnlyCell(sheet, value=text)  # type: ignore[arg-type]
    # openpyxl makes a string starting with "=" a formula: it stays a string here.
    cell.data_type = "s"
    # A cell is never split in a workbook: only its start matters, for when it is edited.
    cell.quotePrefix = looks_like_formula(text)
    return cell


def xlsx_bytes(rows: Iterable[Sequence[Cell]], *, title: str) -> bytes:
    return xlsx_workbook_bytes([(title, rows)])


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[Cell]]]]) -> bytes:
    """A workbook of several sheets, each (title, rows), every cell written as above."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for title, rows in sheets:
        # A sheet name cannot hold []:*?/\ and has at most 31 characters.
        name = re.sub(r"[\[\]:*?/\\]", " ", title).strip("' ")[:31] or "export"
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append([_xlsx_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


TABLE_FORMATS = ("csv", "xlsx")


def table_bytes(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, fmt: str, title: str
) -> bytes:
    """A header and its rows as a CSV or an XLSX file (`fmt`), every cell written as above."""
    if fmt not in TABLE_FORMATS:
        raise ValueError(f"not a table format: {fmt!r}")
    table = itertools.chain([header], rows)
    return csv_bytes(table) if fmt == "csv" else xlsx_bytes(table, title=title)
