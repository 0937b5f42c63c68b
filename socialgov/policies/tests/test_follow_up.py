"""Reminders before the deadline and escalation after it, on a clock the test sets."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from socialgov.core.models import Notification
from socialgov.policies.follow_up import FollowUp, Step, follow_up_due
from socialgov.policies.services import acknowledgement_follow_up
from socialgov.policies.tests.helpers import make_policy, publish

DEADLINE = dt.date(2027, 3, 31)


@pytest.mark.parametrize(
    ("today", "sent", "escalated", "expected"),
    [
        (dt.date(2027, 3, 1), 0, False, None),
        (dt.date(2027, 3, 24), 0, False, FollowUp(Step.REMIND, 1)),
        (dt.date(2027, 3, 24), 1, False, None),
        (dt.date(2027, 3, 30), 1, False, FollowUp(Step.REMIND, 2)),
        (dt.date(2027, 3, 30), 0, False, FollowUp(Step.REMIND, 2)),
        (dt.date(2027, 3, 31), 2, False, None),
        (dt.date(2027, 4, 1), 2, False, FollowUp(Step.ESCALATE, 2)),
        (dt.date(2027, 4, 9), 2, True, None),
    ],
)
def test_follow_up_steps_follow_the_deadline(today, sent, escalated, expected):
    assert (
        follow_up_due(deadline=DEADLINE, today=today, reminders_sent=sent, escalated=escalated)
        == expected
    )


@pytest.mark.django_db
def test_reminders_then_escalation_to_the_manager_each_sent_once(
    lead, admin_user, teammate, owner, comms, django_capture_on_commit_callbacks
):
    teammate.person.manager = owner.person
    teammate.person.save()
    from socialgov.policies.audience import Audience

    start = dt.date.today()
    deadline = start + dt.timedelta(days=10)
    publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person),
        audience=Audience(org_units=[comms]),
        deadline=deadline,
    )
    Notification.objects.all().delete()
    mail.outbox.clear()

    assert acknowledgement_follow_up(today=start) == {"reminded": 0, "escalated": 0}
    week_before = deadline - dt.timedelta(days=7)
    assert acknowledgement_follow_up(today=week_before)["reminded"] == 2  # owner and teammate
    assert acknowledgement_follow_up(today=week_before)["reminded"] == 0  # not twice
    assert acknowledgement_follow_up(today=deadline - dt.timedelta(days=1))["reminded"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        after = acknowledgement_follow_up(today=deadline + dt.timedelta(days=1))
    assert after["escalated"] == 2
    assert acknowledgement_follow_up(today=deadline + dt.timedelta(days=5))["escalated"] == 0
    to_manager = Notification.objects.filter(
        recipient=owner.person, subject__contains="not acknowledged"
    )
    assert to_manager.count() == 1
    assert str(teammate.person) in to_manager.get().subject
    assert any(owner.person.email in message.to for message in mail.outbox)


@pytest.mark.django_db
def test_someone_who_acknowledged_gets_no_reminder(lead, admin_user, teammate, comms):
    from socialgov.policies import services
    from socialgov.policies.audience import Audience

    deadline = dt.date.today() + dt.timedelta(days=5)
    version, _ = publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person),
        audience=Audience(org_units=[comms]),
        deadline=deadline,
    )
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=version)
    Notification.objects.all().delete()
    acknowledgement_follow_up(today=deadline - dt.timedelta(days=1))
    assert not Notification.objects.filter(recipient=teammate.person).exists()


@pytest.mark.django_db
def test_the_daily_command_reminds_and_refuses_a_bad_date(lead, admin_user, teammate, comms):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from socialgov.policies.audience import Audience

    deadline = dt.date.today() + dt.timedelta(days=3)
    publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person),
        audience=Audience(org_units=[comms]),
        deadline=deadline,
    )
    out = StringIO()
    call_command("governance_follow_up", "--date", deadline.isoformat(), stdout=out)
    assert "acknowledgement_reminders: 1" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("governance_follow_up", "--date", "tomorrow")
