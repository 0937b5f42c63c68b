"""Every export (CSV and XLSX) opens in a spreadsheet as data, whatever a stranger wrote."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from socialgov.archive.export import archive_export
from socialgov.archive.models import ArchivedItem, ItemKind
from socialgov.archive.services import archive_capture
from socialgov.channels.models import Channel
from socialgov.core.spreadsheet import looks_like_formula, table_bytes
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.policies.selectors import EVIDENCE_HEADER

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "=1+1",
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\tcmd",
    "\rcmd",
    "|calc",
    "%0A",
    "＝1+1",  # fullwidth equals sign
    "＋1",  # fullwidth plus
    "－1",  # fullwidth minus
    "＠SUM(A1)",  # fullwidth commercial at
    "﹦1+1",  # small equals sign
    "｜calc",  # fullwidth vertical line
    " =1+1",  # a space the spreadsheet skips
    "\u3000=1+1",  # an ideographic space
    "x;=1+1",  # a Belgian spreadsheet splits on ;
    'x; "=1+1',
    "x\t=1+1",
    "a,=1+1",  # our own separator: quoted away
]


def _pieces_a_spreadsheet_could_see(raw: str) -> list[str]:
    """Every field of the file, read with each separator a spreadsheet may guess."""
    fields: list[str] = []
    for delimiter in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter):
            fields.extend(row)
    return fields


def _assert_csv_safe(raw: str, payload: str) -> None:
    fields = _pieces_a_spreadsheet_could_see(raw)
    dangerous = [field for field in fields if looks_like_formula(field)]
    assert dangerous == [], payload


def _assert_xlsx_safe(data: bytes, payload: str) -> None:
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells), payload
    # The XML parser openpyxl reads with (lxml when installed, else the standard library) may
    # keep a carriage return or turn it into a line feed.
    readings = {payload, payload.replace("\r", "\n")}
    kept = [cell for cell in cells if cell.value in readings]
    # Nothing accepted is lost: the exact text, a string the spreadsheet never evaluates.
    assert kept, payload
    assert all(cell.data_type == "s" for cell in kept), payload
    # A cell is never split in a workbook; one that starts like a formula stays text when edited.
    assert all(cell.quotePrefix == looks_like_formula(payload) for cell in kept), payload


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_channel_name_is_data_in_the_channel_exports(payload, client, lead, owner):
    channel = make_channel(owner.person)
    # Written past the services (which trim), as data from elsewhere might be.
    Channel.objects.filter(pk=channel.pk).update(display_name=payload, brand=payload)
    client.force_login(lead)
    raw = client.get("/channels/export.csv").content.decode("utf-8-sig")
    _assert_csv_safe(raw, payload)
    _assert_xlsx_safe(client.get("/channels/export.xlsx").content, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_name_is_data_in_the_evidence_exports(payload):
    # The acknowledgement and training evidence views both write through these two.
    row = [payload if isinstance(column, str) else column for column in EVIDENCE_HEADER]
    _assert_csv_safe(
        table_bytes(EVIDENCE_HEADER, [row], fmt="csv", title="t").decode("utf-8-sig"), payload
    )
    _assert_xlsx_safe(table_bytes(EVIDENCE_HEADER, [row], fmt="xlsx", title=payload), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_hostile_author_is_data_in_the_archive_index(payload, admin_user):
    archive_capture(
        kind=ItemKind.INTERNAL,
        platform="slack",
        external_id="p1",
        text="lunch",
        author=payload,
        published_at=timezone.now(),
    )
    data = archive_export(actor=admin_user, items=ArchivedItem.objects.all(), description="t")
    raw = zipfile.ZipFile(io.BytesIO(data)).read("index.csv").decode()
    _assert_csv_safe(raw, payload)


@pytest.mark.parametrize("harmless", ["Jan Peeters", "mosa.be", "a - b", "x; y", "3 + 4", "100%"])
def test_ordinary_text_is_exported_unchanged(harmless):
    raw = table_bytes(["a"], [[harmless]], fmt="csv", title="t").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(raw)))[1] == [harmless]


def test_our_own_numbers_stay_numbers():
    raw = table_bytes(["n"], [[-3]], fmt="csv", title="t").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(raw)))[1] == ["-3"]
