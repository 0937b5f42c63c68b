"""All-or-nothing import of org units and people from an HR export (CSV or XLSX).

Every row is checked before anything is written; one bad row rejects the whole file with every
problem listed by line. Importing the same file twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.core.models import EmploymentStatus, Language, OrgUnit, Person, User
from socialgov.core.services import (
    org_unit_create,
    org_unit_update,
    person_create,
    person_deactivate,
    person_update,
)
from socialgov.core.tabular import Row

ORG_UNIT_COLUMNS = ("code", "name")
PEOPLE_COLUMNS = ("employee_id", "first_name", "last_name", "email")
_LIMITS = {
    "employee_id": 50,
    "first_name": 100,
    "last_name": 100,
    "email": 254,
    "job_title": 200,
    "code": 50,
    "name": 200,
}
_STATUS_WORDS = {
    "": EmploymentStatus.ACTIVE,
    "active": EmploymentStatus.ACTIVE,
    "actief": EmploymentStatus.ACTIVE,
    "actif": EmploymentStatus.ACTIVE,
    "leaver": EmploymentStatus.LEAVER,
    "left": EmploymentStatus.LEAVER,
    "inactive": EmploymentStatus.LEAVER,
    "uit dienst": EmploymentStatus.LEAVER,
    "parti": EmploymentStatus.LEAVER,
}


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} problem(s); nothing was imported")
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0


def _clean(row: Row, errors: list[RowError], required: tuple[str, ...]) -> dict[str, str]:
    values = {key: value.strip() for key, value in row.values.items()}
    for name in required:
        if not values.get(name):
            errors.append(RowError(row.line, name, _("is required")))
    for name, limit in _LIMITS.items():
        if len(values.get(name, "")) > limit:
            errors.append(
                RowError(row.line, name, _("is longer than %(n)d characters") % {"n": limit})
            )
    return values


def _missing_columns(rows: list[Row], required: tuple[str, ...]) -> list[RowError]:
    present = set(rows[0].values) if rows else set()
    return [RowError(1, name, _("column is missing")) for name in required if name not in present]


def org_units_import(*, actor: User | None, rows: list[Row]) -> ImportReport:
    errors = _missing_columns(rows, ORG_UNIT_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    cleaned: list[tuple[int, dict[str, str]]] = []
    seen: dict[str, int] = {}
    for row in rows:
        values = _clean(row, errors, ORG_UNIT_COLUMNS)
        code = values.get("code", "")
        if code in seen:
            errors.append(RowError(row.line, "code", _("repeats line %(n)d") % {"n": seen[code]}))
        seen[code] = row.line
        cleaned.append((row.line, values))
    known = set(OrgUnit.objects.values_list("code", flat=True)) | set(seen)
    for line, values in cleaned:
        parent = values.get("parent_code", "")
        if parent and parent not in known:
            errors.append(
                RowError(line, "parent_code", _("unknown org unit %(c)s") % {"c": parent})
            )
        if parent and parent == values.get("code"):
            errors.append(RowError(line, "parent_code", _("an org unit cannot be its own parent")))
    if errors:
        raise ImportRejected(errors)

    report = ImportReport()
    with transaction.atomic():
        by_code = {unit.code: unit for unit in OrgUnit.objects.all()}
        # Parents before children: repeat until every row found its parent.
        pending = list(cleaned)
        while pending:
            progressed = False
            for line, values in list(pending):
                parent_code = values.get("parent_code", "")
                if parent_code and parent_code not in by_code:
                    continue
                parent_unit = by_code.get(parent_code) if parent_code else None
                existing = by_code.get(values["code"])
                if existing is None:
                    by_code[values["code"]] = org_unit_create(
                        actor=actor, code=values["code"], name=values["name"], parent=parent_unit
                    )
                    report.created += 1
                elif existing.name != values["name"] or existing.parent_id != (
                    parent_unit.pk if parent_unit else None
                ):
                    by_code[values["code"]] = org_unit_update(
                        actor=actor,
                        unit=existing,
                        name=values["name"],
                        parent=parent_unit,
                        clear_parent=parent_unit is None,
                    )
                    report.updated += 1
                else:
                    report.unchanged += 1
                pending.remove((line, values))
                progressed = True
            if not progressed:
                raise ImportRejected(
                    [
                        RowError(line, "parent_code", _("org units form a cycle"))
                        for line, _v in pending
                    ]
                )
    return report


def people_import(
    *, actor: User | None, rows: list[Row], deactivate_missing: bool = False
) -> ImportReport:
    """Create or update people by employee ID; with `deactivate_missing`, whoever is not in the
    file any more is treated as having left."""
    errors = _missing_columns(rows, PEOPLE_COLUMNS)
    if errors:
        raise ImportRejected(errors)
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    existing = {person.employee_id: person for person in Person.objects.all()}
    cleaned, file_ids = _checked_people(rows, errors, units, existing)
    if errors:
        raise ImportRejected(errors)
    with transaction.atomic():
        report = _people_write(actor, cleaned, units, existing)
        if deactivate_missing:
            for employee_id, person in existing.items():
                if employee_id not in file_ids and person.is_active:
                    person_deactivate(actor=actor, person=person)
                    report.deactivated += 1
    return report


def _checked_people(
    rows: list[Row],
    errors: list[RowError],
    units: dict[str, OrgUnit],
    existing: dict[str, Person],
) -> tuple[list[tuple[int, dict[str, str]]], dict[str, int]]:
    """Every row cleaned, its problems added to `errors`; and the line of each employee ID."""
    email_owner = {person.email.lower(): person.employee_id for person in existing.values()}
    file_ids: dict[str, int] = {}
    file_emails: dict[str, int] = {}
    cleaned: list[tuple[int, dict[str, str]]] = []
    for row in rows:
        values = _clean(row, errors, PEOPLE_COLUMNS)
        employee_id = values.get("employee_id", "")
        email = values.get("email", "").lower()
        values["email"] = email
        if employee_id in file_ids:
            errors.append(
                RowError(
                    row.line, "employee_id", _("repeats line %(n)d") % {"n": file_ids[employee_id]}
                )
            )
        file_ids[employee_id] = row.line
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(RowError(row.line, "email", _("is not a valid e-mail address")))
            if email in file_emails:
                errors.append(
                    RowError(row.line, "email", _("repeats line %(n)d") % {"n": file_emails[email]})
                )
            file_emails[email] = row.line
            holder = email_owner.get(email)
            if holder is not None and holder != employee_id:
                errors.append(
                    RowError(row.line, "email", _("belongs to employee %(id)s") % {"id": holder})
                )
        unit = values.get("org_unit", "")
        if unit and unit not in units:
            errors.append(RowError(row.line, "org_unit", _("unknown org unit %(c)s") % {"c": unit}))
        language = values.get("language", "").lower() or Language.ENGLISH
        if language not in Language.values:
            errors.append(RowError(row.line, "language", _("must be one of en, nl, fr")))
        values["language"] = language
        status = values.get("status", "").lower()
        if status not in _STATUS_WORDS:
            errors.append(RowError(row.line, "status", _("must be active or leaver")))
        values["status"] = _STATUS_WORDS.get(status, EmploymentStatus.ACTIVE)
        cleaned.append((row.line, values))
    for line, values in cleaned:
        manager = values.get("manager_id", "")
        if manager and manager not in file_ids and manager not in existing:
            errors.append(
                RowError(line, "manager_id", _("unknown employee %(id)s") % {"id": manager})
            )
        if manager and manager == values.get("employee_id"):
            errors.append(RowError(line, "manager_id", _("a person cannot manage themselves")))
    return cleaned, file_ids


def _people_write(
    actor: User | None,
    cleaned: list[tuple[int, dict[str, str]]],
    units: dict[str, OrgUnit],
    existing: dict[str, Person],
) -> ImportReport:
    report = ImportReport()
    people = dict(existing)
    for _line, values in cleaned:
        fields = {
            "first_name": values["first_name"],
            "last_name": values["last_name"],
            "email": values["email"],
            "job_title": values.get("job_title", ""),
            "org_unit": units.get(values.get("org_unit", "")),
            "language": values["language"],
        }
        person = people.get(values["employee_id"])
        if person is None:
            people[values["employee_id"]] = person_create(
                actor=actor,
                employee_id=values["employee_id"],
                **fields,  # type: ignore[arg-type]
            )
            report.created += 1
            continue
        current = {name: getattr(person, name) for name in fields}
        if current != fields:
            people[values["employee_id"]] = person_update(actor=actor, person=person, **fields)
            report.updated += 1
        else:
            report.unchanged += 1
    for _line, values in cleaned:
        person = people[values["employee_id"]]
        manager_person = people.get(values.get("manager_id", ""))
        if person.manager_id != (manager_person.pk if manager_person else None):
            person_update(actor=actor, person=person, manager=manager_person)
        if values["status"] == EmploymentStatus.LEAVER and person.is_active:
            person_deactivate(actor=actor, person=person)
            report.deactivated += 1
    return report
