"""The one way a view hands over a file: the content type of its format and an attachment
name that no value can break out of. Tables go through the formula-safe writer
(socialgov.core.spreadsheet), so every CSV and XLSX export is safe the same way."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse

from socialgov.core.spreadsheet import TABLE_FORMATS, Cell, table_bytes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def safe_filename(name: str) -> str:
    """Letters, digits, dots, dashes and underscores only: a quote or a line break in a policy
    key or a title cannot end the header or name another file."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")[:150] or "export"


def attachment(content: bytes, *, name: str, fmt: str) -> HttpResponse:
    """`content` as the download `name`.`fmt`."""
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{safe_filename(name)}.{fmt}"'
    return response


def table_attachment(
    header: Sequence[str], rows: Iterable[Sequence[Cell]], *, name: str, fmt: str
) -> HttpResponse:
    """A header and its rows as a CSV or XLSX download; another format is no page (404)."""
    if fmt not in TABLE_FORMATS:
        raise Http404
    return attachment(table_bytes(header, rows, fmt=fmt, title=name), name=name, fmt=fmt)
