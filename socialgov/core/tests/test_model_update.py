from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from socialgov.core.models import AuditEvent, Person
from socialgov.core.services.updates import model_update
from socialgov.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

FIELDS = ("first_name", "last_name", "job_title")


def test_it_strips_text_saves_and_records_only_what_changed() -> None:
    person: Person = PersonFactory(first_name="An", last_name="Peeters")  # type: ignore[assignment]
    saved, changes = model_update(
        actor=None,
        instance=person,
        data={"first_name": "  Anna ", "last_name": "Peeters"},
        fields=FIELDS,
    )
    assert saved.first_name == "Anna"
    assert changes == {"first_name": ["An", "Anna"]}
    event = AuditEvent.objects.get(verb="person.update")
    assert event.changes == {"first_name": ["An", "Anna"]}


def test_an_update_that_changes_nothing_writes_no_audit_event() -> None:
    person: Person = PersonFactory(first_name="An")  # type: ignore[assignment]
    model_update(actor=None, instance=person, data={"first_name": "An"}, fields=FIELDS)
    assert not AuditEvent.objects.filter(verb="person.update").exists()


def test_it_refuses_a_field_it_was_not_allowed_to_set_and_writes_nothing() -> None:
    person: Person = PersonFactory(email="an@example.com")  # type: ignore[assignment]
    with pytest.raises(ValueError, match="email"):
        model_update(actor=None, instance=person, data={"email": "x@example.com"}, fields=FIELDS)
    assert Person.objects.get(pk=person.pk).email == "an@example.com"
    assert not AuditEvent.objects.exists()


def test_a_column_changed_elsewhere_meanwhile_is_not_overwritten() -> None:
    person: Person = PersonFactory(first_name="An", job_title="Clerk")  # type: ignore[assignment]
    Person.objects.filter(pk=person.pk).update(job_title="Manager")
    model_update(actor=None, instance=person, data={"first_name": "Anna"}, fields=FIELDS)
    stored = Person.objects.get(pk=person.pk)
    assert (stored.first_name, stored.job_title) == ("Anna", "Manager")


def test_a_failing_check_leaves_the_row_and_the_audit_log_as_they_were() -> None:
    person: Person = PersonFactory(first_name="An")  # type: ignore[assignment]

    def refuse(person: Person) -> None:
        raise ValidationError({"first_name": "no"})

    with pytest.raises(ValidationError):
        model_update(
            actor=None, instance=person, data={"first_name": "Bo"}, fields=FIELDS, check=refuse
        )
    assert Person.objects.get(pk=person.pk).first_name == "An"
    assert not AuditEvent.objects.filter(verb="person.update").exists()


def test_what_the_check_derives_is_saved_too() -> None:
    person: Person = PersonFactory(first_name="An", last_name="Peeters")  # type: ignore[assignment]

    def surname_upper(person: Person) -> None:
        person.last_name = person.last_name.upper()

    model_update(
        actor=None,
        instance=person,
        data={"first_name": "Anna"},
        fields=FIELDS,
        check=surname_upper,
    )
    assert Person.objects.get(pk=person.pk).last_name == "PEETERS"
