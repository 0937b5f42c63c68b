from __future__ import annotations

import pytest
from django.http import Http404

from socialgov.core.downloads import attachment, table_attachment


def test_a_quote_or_line_break_in_a_name_cannot_end_the_attachment_header() -> None:
    response = attachment(b"x", name='policy"\r\nSet-Cookie: a=1', fmt="pdf")
    assert response["Content-Disposition"] == 'attachment; filename="policy-Set-Cookie-a-1.pdf"'
    assert response["Content-Type"] == "application/pdf"


def test_a_table_download_is_formula_safe_csv_with_its_content_type() -> None:
    response = table_attachment(["name"], [["=1+1"]], name="evidence", fmt="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="evidence.csv"'
    assert response.content.decode("utf-8-sig").splitlines() == ['"name"', '"\'=1+1"']


def test_a_table_in_a_format_that_is_no_table_is_not_found() -> None:
    with pytest.raises(Http404):
        table_attachment(["name"], [], name="evidence", fmt="pdf")
