from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record, snapshot
from socialgov.core.models import EmploymentStatus, Language, OrgUnit, Person, User
from socialgov.core.services.updates import model_update
from socialgov.core.signals import person_left

PERSON_FIELDS = (
    "employee_id",
    "first_name",
    "last_name",
    "email",
    "job_title",
    "org_unit",
    "manager",
    "language",
    "employment_status",
    "left_at",
)

# Leaving the organisation has side effects (orphaned channels, disabled login): person_deactivate.
_UPDATABLE_FIELDS = set(PERSON_FIELDS) - {"employment_status", "left_at"}


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    employee_id: str,
    first_name: str,
    last_name: str,
    email: str,
    org_unit: OrgUnit | None = None,
    manager: Person | None = None,
    job_title: str = "",
    language: str = Language.ENGLISH,
) -> Person:
    person = Person(
        employee_id=employee_id.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip().lower(),
        org_unit=org_unit,
        manager=manager,
        job_title=job_title.strip(),
        language=language,
    )
    person.full_clean()
    person.save()
    audit_record(
        actor=actor, verb="person.create", target=person, changes=snapshot(person, PERSON_FIELDS)
    )
    return person


def person_update(*, actor: User | None, person: Person, **fields: object) -> Person:
    """Change the given fields of an employee record; leaving goes through person_deactivate."""

    def check(person: Person) -> None:
        if person.manager_id is not None and person.manager_id == person.pk:
            raise ValidationError({"manager": _("A person cannot be their own manager.")})
        person.email = person.email.lower()

    person, _changes = model_update(
        actor=actor,
        instance=person,
        data=fields,
        fields=_UPDATABLE_FIELDS,
        audit_fields=PERSON_FIELDS,
        check=check,
    )
    return person


@transaction.atomic
def person_deactivate(
    *, actor: User | None, person: Person, left_at: dt.date | None = None
) -> Person:
    """Mark a person as having left: their login stops working and their duties are orphaned."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.employment_status == EmploymentStatus.LEAVER:
        return person
    person.employment_status = EmploymentStatus.LEAVER
    person.left_at = left_at or timezone.localdate()
    person.save(update_fields=["employment_status", "left_at", "updated_at"])
    User.objects.filter(person=person).update(is_active=False)
    audit_record(
        actor=actor,
        verb="person.deactivate",
        target=person,
        changes={"employment_status": [EmploymentStatus.ACTIVE, EmploymentStatus.LEAVER]},
    )
    person_left.send(sender=Person, person=person, actor=actor)
    return person


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    person: Person | None = None,
    email: str = "",
    is_superuser: bool = False,
) -> User:
    user = User(
        username=username.strip(),
        person=person,
        email=(email or (person.email if person else "")).lower(),
        first_name=person.first_name if person else "",
        last_name=person.last_name if person else "",
        is_superuser=is_superuser,
        is_staff=is_superuser,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        verb="user.create",
        target=user,
        changes={
            "username": user.username,
            "person": person.pk if person else None,
            "is_superuser": is_superuser,
        },
    )
    return user


@transaction.atomic
def user_set_password(*, actor: User | None, user: User, password: str) -> User:
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, verb="user.set_password", target=user)
    return user
