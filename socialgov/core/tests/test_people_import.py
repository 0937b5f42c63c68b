from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from socialgov.core.models import AuditEvent, EmploymentStatus, OrgUnit, Person
from socialgov.core.people_import import ImportRejected, org_units_import, people_import
from socialgov.core.tabular import read_table

pytestmark = pytest.mark.django_db

UNITS_CSV = "code;name;parent_code\nHQ;Hoofdzetel;\nCOM;Communicatie;HQ\nWEB;Webcare;COM\n"
PEOPLE_CSV = (
    "employee_id,first_name,last_name,email,org_unit,manager_id,language,job_title\n"
    "E1,Sofie,Peeters,sofie@mosa.be,COM,,nl,Head of communication\n"
    "E2,Camille,Lambert,camille@mosa.be,WEB,E1,fr,Community manager\n"
    "E3,Thomas,Janssens,thomas@mosa.be,WEB,E1,,Webcare\n"
)


def rows(text: str, name: str = "file.csv"):
    return read_table(io.BytesIO(text.encode()), name=name)


def load_units() -> None:
    org_units_import(actor=None, rows=rows(UNITS_CSV))


def test_org_units_are_imported_as_a_tree_from_a_semicolon_csv():
    report = org_units_import(actor=None, rows=rows(UNITS_CSV))
    assert report.created == 3
    assert OrgUnit.objects.get(code="WEB").path == "/HQ/COM/WEB/"


def test_people_are_imported_with_their_managers_and_languages():
    load_units()
    report = people_import(actor=None, rows=rows(PEOPLE_CSV))
    assert report.created == 3
    camille = Person.objects.get(employee_id="E2")
    assert camille.manager is not None and camille.manager.employee_id == "E1"
    assert camille.language == "fr"
    assert camille.org_unit.code == "WEB"  # type: ignore[union-attr]


def test_importing_the_same_file_twice_changes_nothing():
    load_units()
    people_import(actor=None, rows=rows(PEOPLE_CSV))
    events = AuditEvent.objects.count()
    report = people_import(actor=None, rows=rows(PEOPLE_CSV))
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert Person.objects.count() == 3
    assert AuditEvent.objects.count() == events


def test_one_bad_row_rejects_the_whole_file_and_every_problem_is_reported_by_line():
    load_units()
    bad = PEOPLE_CSV + (
        "E4,Jan,,jan@mosa.be,COM,,nl,\n"  # line 5: no last name
        "E5,Piet,Pot,not-an-email,NOPE,E99,de,\n"  # line 6: email, unit, manager, language
        "E1,Dup,Licate,dup@mosa.be,COM,,nl,\n"  # line 7: repeats E1
    )
    with pytest.raises(ImportRejected) as rejected:
        people_import(actor=None, rows=rows(bad))
    problems = {(error.line, error.field) for error in rejected.value.errors}
    assert {
        (5, "last_name"),
        (6, "email"),
        (6, "org_unit"),
        (6, "manager_id"),
        (6, "language"),
        (7, "employee_id"),
    } <= problems
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(verb__startswith="person").exists()


def test_a_file_without_the_required_columns_is_rejected():
    with pytest.raises(ImportRejected) as rejected:
        people_import(actor=None, rows=rows("id,name\n1,Jan\n"))
    assert {error.field for error in rejected.value.errors} >= {"employee_id", "email"}


def test_an_email_already_used_by_another_employee_is_rejected():
    load_units()
    people_import(actor=None, rows=rows(PEOPLE_CSV))
    with pytest.raises(ImportRejected) as rejected:
        people_import(
            actor=None,
            rows=rows("employee_id,first_name,last_name,email\nE9,Other,Person,SOFIE@mosa.be\n"),
        )
    assert rejected.value.errors[0].field == "email"


def test_people_missing_from_a_new_export_are_marked_as_leavers_when_asked():
    load_units()
    people_import(actor=None, rows=rows(PEOPLE_CSV))
    without_thomas = "\n".join(PEOPLE_CSV.splitlines()[:3]) + "\n"
    report = people_import(actor=None, rows=rows(without_thomas), deactivate_missing=True)
    assert report.deactivated == 1
    assert Person.objects.get(employee_id="E3").employment_status == EmploymentStatus.LEAVER


def test_xlsx_exports_are_read_like_csv():
    load_units()
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    for line in PEOPLE_CSV.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = people_import(actor=None, rows=read_table(buffer, name="hr.xlsx"))
    assert report.created == 3


def test_a_bad_xlsx_row_is_reported_with_its_spreadsheet_line():
    load_units()
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.append(["employee_id", "first_name", "last_name", "email"])
    sheet.append(["E1", "Ok", "Row", "ok@mosa.be"])
    sheet.append(["E2", "Bad", "Row", "bad email"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with pytest.raises(ImportRejected) as rejected:
        people_import(actor=None, rows=read_table(buffer, name="hr.xlsx"))
    assert [(e.line, e.field) for e in rejected.value.errors] == [(3, "email")]


def test_the_import_command_reports_bad_rows_and_imports_nothing(tmp_path: Path):
    load_units()
    path = tmp_path / "people.csv"
    path.write_text("employee_id,first_name,last_name,email\nE1,A,B,broken\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_people", str(path))
    assert Person.objects.count() == 0


def test_the_import_page_rejects_a_bad_file_with_every_reason(client, admin_user):
    load_units()
    client.force_login(admin_user)
    upload = io.BytesIO(b"employee_id,first_name,last_name,email\nE1,A,B,broken\n")
    upload.name = "people.csv"
    response = client.post("/people/import/", {"kind": "people", "file": upload})
    assert response.status_code == 400
    assert b"line 2" in response.content
    assert not Person.objects.filter(employee_id="E1").exists()


def test_an_employee_cannot_use_the_import_page(client, teammate):
    client.force_login(teammate)
    upload = io.BytesIO(PEOPLE_CSV.encode())
    upload.name = "people.csv"
    assert client.post("/people/import/", {"kind": "people", "file": upload}).status_code == 403
