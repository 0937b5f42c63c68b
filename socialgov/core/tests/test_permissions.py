from __future__ import annotations

import pytest

from socialgov.core import permissions, selectors
from socialgov.core.models import AuditEvent, Person
from socialgov.core.services import person_create, role_assign, task_create

pytestmark = pytest.mark.django_db


def test_an_employee_sees_only_their_own_person_record(teammate, outsider, owner):
    visible = set(selectors.person_list(user=teammate).values_list("pk", flat=True))
    assert visible == {teammate.person_id}


def test_an_employee_sees_only_their_own_tasks(teammate, outsider):
    mine = task_create(actor=None, title="Acknowledge the guidelines", owner=teammate.person)
    task_create(actor=None, title="Someone else's", owner=outsider.person)
    assert list(selectors.task_list(user=teammate)) == [mine]


def test_an_org_unit_lead_sees_people_and_tasks_of_their_unit_only(comms, teammate, outsider):
    unit_lead = teammate
    role_assign(actor=None, user=unit_lead, role="governance_lead", org_unit=comms)
    task_create(actor=None, title="Sales task", owner=outsider.person)
    people = set(selectors.person_list(user=unit_lead).values_list("org_unit__code", flat=True))
    assert people == {"COM"}
    assert not selectors.task_list(user=unit_lead).filter(owner=outsider.person).exists()


def test_org_wide_roles_see_everyone(lead, analyst, auditor, admin_user, outsider):
    for user in (lead, analyst, auditor, admin_user):
        assert selectors.person_list(user=user).filter(pk=outsider.person_id).exists()


def test_the_auditor_reads_everything_and_may_change_nothing(auditor, outsider):
    task = task_create(actor=None, title="Review access", owner=outsider.person)
    assert selectors.task_list(user=auditor).filter(pk=task.pk).exists()
    assert not permissions.can_change(auditor, task)
    assert not permissions.can_create(auditor, Person)


def test_only_admins_and_auditors_see_the_audit_log(admin_user, auditor, lead, owner, teammate):
    person_create(actor=None, employee_id="X1", first_name="A", last_name="B", email="a@b.be")
    assert AuditEvent.objects.exists()
    assert selectors.audit_event_list(user=admin_user).exists()
    assert selectors.audit_event_list(user=auditor).exists()
    for user in (lead, owner, teammate):
        assert not selectors.audit_event_list(user=user).exists()


def test_a_task_owner_may_update_their_task_but_a_teammate_may_not(owner, teammate):
    task = task_create(actor=None, title="Rotate the password", owner=owner.person)
    assert permissions.can_change(owner, task)
    assert not permissions.can_change(teammate, task)


def test_a_user_without_a_policy_registered_model_gets_an_error_not_data(teammate):
    from django.contrib.contenttypes.models import ContentType

    with pytest.raises(LookupError):
        permissions.visible(teammate, ContentType.objects.all())
