"""Import from CSV/XLSX (all-or-nothing, re-import updates) and formula-safe export."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from socialgov.channels.models import Channel
from socialgov.channels.transfer import (
    EXPORT_COLUMNS,
    channel_rows,
    channels_import,
)
from socialgov.core.models import User
from socialgov.core.people_import import ImportRejected
from socialgov.core.spreadsheet import table_bytes
from socialgov.core.tabular import read_table

pytestmark = pytest.mark.django_db

HEADER = "platform,handle,purpose,audience,owner,display_name,reach,org_unit\n"


def _rows(text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return read_table(io.BytesIO(data), name="channels.csv")


def test_it_imports_channels_and_reimporting_updates_instead_of_duplicating(
    lead: User, owner: User, comms
) -> None:
    email = owner.person.email  # type: ignore[union-attr]
    first = HEADER + (
        f"x,@Mosa_BE,external_communication,external,{email},Mosa,100,COM\n"
        f"viva_engage,All Company,internal_collaboration,internal,{email},All,600,\n"
    )
    report = channels_import(actor=lead, rows=_rows(first))
    assert (report.created, report.updated) == (2, 0)
    again = first.replace("Mosa,100", "Mosa BE,150").replace("@Mosa_BE", "https://x.com/mosa_be")
    report = channels_import(actor=lead, rows=_rows(again))
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    channel = Channel.objects.get(platform="x")
    assert (channel.display_name, channel.reach, channel.org_unit) == ("Mosa BE", 150, comms)
    assert Channel.objects.count() == 2


def test_one_bad_row_rejects_the_whole_file_with_every_problem_by_line(
    lead: User, owner: User
) -> None:
    email = owner.person.email  # type: ignore[union-attr]
    text = HEADER + (
        f"x,mosa_ok,marketing,external,{email},,,\n"
        f"myspace,mosa,marketing,external,{email},,,\n"
        f"x,mosa_other,gossip,external,nobody@example.org,,-3,NOPE\n"
        f"x,MOSA_OK,marketing,external,{email},,,\n"
    )
    with pytest.raises(ImportRejected) as rejected:
        channels_import(actor=lead, rows=_rows(text))
    problems = {(e.line, e.field) for e in rejected.value.errors}
    assert {
        (3, "platform"),
        (4, "purpose"),
        (4, "owner"),
        (4, "reach"),
        (4, "org_unit"),
    } <= problems
    assert (5, "handle") in problems  # repeats line 2 in another spelling
    assert not Channel.objects.exists()


def test_an_import_without_the_required_columns_is_refused(lead: User) -> None:
    with pytest.raises(ImportRejected) as rejected:
        channels_import(actor=lead, rows=_rows("platform,handle\nx,mosa\n"))
    assert {e.field for e in rejected.value.errors} == {"purpose", "audience", "owner"}


def test_an_xlsx_file_is_imported_too(lead: User, owner: User) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Platform", "Handle", "Purpose", "Audience", "Owner"])
    sheet.append(["tiktok", "@Mosa.BE", "marketing", "external", owner.person.employee_id])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = channels_import(actor=lead, rows=read_table(buffer, name="c.xlsx"))
    assert report.created == 1
    assert Channel.objects.get().handle == "mosa.be"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_export_neutralises_cells_a_spreadsheet_would_run(
    start: str, owner: User, make_channel
) -> None:
    formula = f'{start}HYPERLINK("http://evil.example","click")'
    channel = make_channel(owner.person)
    # Written past the services (which trim whitespace), as hostile data from elsewhere might be.
    Channel.objects.filter(pk=channel.pk).update(display_name=formula, brand=f"{start}1+1")
    text = table_bytes(
        EXPORT_COLUMNS, channel_rows(Channel.objects.all()), fmt="csv", title="c"
    ).decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(text)))
    header, row = exported[0], exported[1]
    assert row[header.index("display_name")] == "'" + formula
    assert row[header.index("brand")] == f"'{start}1+1"

    workbook = load_workbook(
        io.BytesIO(
            table_bytes(EXPORT_COLUMNS, channel_rows(Channel.objects.all()), fmt="xlsx", title="c")
        )
    )
    cells = list(next(iter(workbook.active.iter_rows(min_row=2))))  # type: ignore[union-attr]
    # The workbook keeps the exact text (the standard library's XML parser turns a carriage
    # return into a line feed, lxml keeps it), as a string cell with the quote prefix.
    hostile = [c for c in cells if c.value in {formula, formula.replace("\r", "\n")}]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)
    assert all(c.data_type != "f" for c in cells)


def test_lookalike_accounts_are_imported_all_or_nothing_and_seen_again_updated(
    analyst: User, owner: User, channel: Channel
) -> None:
    from socialgov.channels.models import DiscoveredAccount
    from socialgov.channels.transfer import discovered_accounts_import

    good = (
        "platform,handle,similarity,resembles,evidence\n"
        'instagram,@Mosa_Owned_Help,"0,87",instagram:mosa_owned,copied bio\n'
        "x,mosa_owned_fr,,,\n"
    )
    report = discovered_accounts_import(actor=analyst, rows=_rows(good))
    assert (report.created, report.updated) == (2, 0)
    account = DiscoveredAccount.objects.get(platform="instagram")
    assert (account.handle, account.similarity, account.resembles) == (
        "mosa_owned_help",
        0.87,
        channel,
    )
    again = discovered_accounts_import(
        actor=analyst, rows=_rows("platform,handle,evidence\ninstagram,mosa_owned_help,new post\n")
    )
    assert (again.created, again.updated) == (0, 1)
    assert "new post" in DiscoveredAccount.objects.get(platform="instagram").evidence

    bad = "platform,handle,similarity,resembles\nx,ok_one,,\nmyspace,a,2,x:nobody\n"
    with pytest.raises(ImportRejected) as rejected:
        discovered_accounts_import(actor=analyst, rows=_rows(bad))
    assert {(e.line, e.field) for e in rejected.value.errors} == {
        (3, "platform"),
        (3, "similarity"),
        (3, "resembles"),
    }
    assert not DiscoveredAccount.objects.filter(handle="ok_one").exists()


@given(
    cells=st.lists(
        st.lists(st.text(max_size=30).filter(lambda t: "\x00" not in t), min_size=5, max_size=5),
        min_size=1,
        max_size=4,
    )
)
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_hostile_file_is_imported_or_rejected_with_reasons_never_crashing(
    lead: User, cells: list[list[str]]
) -> None:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["platform", "handle", "purpose", "audience", "owner"])
    writer.writerows(cells)
    try:
        rows = read_table(io.BytesIO(out.getvalue().encode()), name="f.csv")
        channels_import(actor=lead, rows=rows)
    except ImportRejected as rejected:
        assert all(str(error) for error in rejected.errors)


def test_an_exported_register_reads_back_in_unchanged_even_with_an_orphaned_channel(
    lead: User, owner: User, outsider: User, teammate: User, make_channel
) -> None:
    from socialgov.core.services import person_deactivate

    make_channel(owner.person, platform="x", handle="mosa_rt", deputy=teammate.person)
    make_channel(owner.person, platform="viva_engage", handle="All Company", audience="internal")
    make_channel(outsider.person, platform="tiktok", handle="mosa.gone")
    person_deactivate(actor=lead, person=outsider.person)  # type: ignore[arg-type]
    exported = table_bytes(
        EXPORT_COLUMNS, channel_rows(Channel.objects.all()), fmt="csv", title="c"
    )
    report = channels_import(actor=lead, rows=_rows(exported))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)

    handed_over = exported.replace(
        outsider.person.employee_id.encode(),  # type: ignore[union-attr]
        teammate.person.employee_id.encode(),  # type: ignore[union-attr]
    )
    report = channels_import(actor=lead, rows=_rows(handed_over))
    assert report.updated == 1
    assert Channel.objects.get(handle="mosa.gone").status == "active"


def test_the_commands_export_and_import_the_register(
    tmp_path, owner: User, make_channel, capsys
) -> None:
    from django.core.management import CommandError, call_command

    make_channel(owner.person, handle="mosa_cli")
    target = tmp_path / "register.xlsx"
    call_command("export_channels", str(target))
    assert "1 channels written" in capsys.readouterr().out
    call_command("import_channels", str(target))
    assert "unchanged 1" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("platform,handle,purpose,audience,owner\nmyspace,x,y,z,w\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_channels", str(bad))
    with pytest.raises(CommandError):
        call_command("export_channels", str(tmp_path / "register.pdf"))
