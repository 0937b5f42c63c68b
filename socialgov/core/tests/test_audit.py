from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from socialgov.core.audit import audit_record, audit_verify
from socialgov.core.models import AuditEvent
from socialgov.core.services import person_create, person_update

pytestmark = pytest.mark.django_db


def _people(count: int) -> None:
    for number in range(count):
        person_create(
            actor=None,
            employee_id=f"A{number}",
            first_name="An",
            last_name=f"N{number}",
            email=f"a{number}@example.be",
        )


def _tamper(sql: str, params: list[str | int]) -> None:
    """Edit the table the way someone with direct database access would."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_update")
        else:
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        cursor.execute(sql, params)


def test_every_service_write_records_who_did_what_with_the_changed_fields(admin_user):
    person = person_create(
        actor=admin_user,
        employee_id="E1",
        first_name="Jan",
        last_name="Peeters",
        email="jan@example.be",
    )
    person_update(actor=admin_user, person=person, job_title="Webcare")
    event = AuditEvent.objects.filter(verb="person.update").get()
    assert event.actor_label == "admin"
    assert event.changes == {"job_title": ["", "Webcare"]}
    assert event.target_id == str(person.pk)


def test_an_update_that_changes_nothing_records_nothing(admin_user):
    person = person_create(
        actor=admin_user, employee_id="E1", first_name="Jan", last_name="P", email="jan@example.be"
    )
    person_update(actor=admin_user, person=person, job_title="")
    assert not AuditEvent.objects.filter(verb="person.update").exists()


def test_the_chain_verifies_when_nobody_touched_it():
    _people(5)
    report = audit_verify()
    assert report.ok and report.checked == 5


def test_audit_verify_names_the_first_edited_event():
    _people(5)
    third = AuditEvent.objects.order_by("id")[2]
    _tamper(
        "UPDATE core_auditevent SET target_label = %s WHERE id = %s", ["someone else", third.pk]
    )
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == third.pk
    with pytest.raises(CommandError, match=f"event {third.pk}"):
        call_command("audit", "verify")


def test_audit_verify_notices_a_deleted_event_in_the_middle():
    _people(4)
    second = AuditEvent.objects.order_by("id")[1]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditevent_no_delete")
        else:
            cursor.execute(
                "ALTER TABLE core_auditevent DISABLE TRIGGER core_auditevent_append_only"
            )
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [second.pk])
    report = audit_verify()
    assert not report.ok
    assert report.first_broken_id == AuditEvent.objects.order_by("id")[1].pk


def test_the_orm_has_no_update_or_delete_path_for_events():
    _people(1)
    event = AuditEvent.objects.get()
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(verb="x")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()


def test_the_database_itself_refuses_to_edit_an_event():
    _people(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE core_auditevent SET verb = 'x'")
    assert AuditEvent.objects.get().verb == "person.create"


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, verb="x")


def test_a_failed_write_leaves_no_audit_event():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        person_create(actor=None, employee_id="E1", first_name="A", last_name="B", email="bad")
    assert not AuditEvent.objects.exists()
