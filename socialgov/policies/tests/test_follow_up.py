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


@pytest.mark.django_db
def test_each_notification_reads_in_its_recipients_language_when_sent_and_when_listed(
    lead, admin_user, teammate, owner, comms, django_capture_on_commit_callbacks
):
    from django.utils import translation

    from socialgov.policies import services
    from socialgov.policies.audience import Audience

    teammate.person.manager, teammate.person.language = owner.person, "fr"
    teammate.person.save()
    owner.person.language = "nl"
    owner.person.save()
    policy = make_policy(owner=lead.person)
    title = {"en": "Social media policy", "nl": "Socialemediabeleid", "fr": "Politique réseaux"}
    version = services.policy_version_create(
        actor=lead, policy=policy, title=title, body={"en": "Be kind."}
    )
    services.policy_version_submit(actor=lead, version=version)
    services.policy_version_approve(actor=admin_user, version=version)
    deadline = dt.date.today() + dt.timedelta(days=10)
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.policy_version_publish(
            actor=lead, version=version, audience=Audience(org_units=[comms]), deadline=deadline
        )
        acknowledgement_follow_up(today=deadline + dt.timedelta(days=1))
    to_teammate = [m.subject for m in mail.outbox if teammate.person.email in m.to]
    assert "[socialgov] Veuillez lire et confirmer : Politique réseaux" in to_teammate
    escalation = f"[socialgov] {teammate.person} heeft Socialemediabeleid niet bevestigd"
    assert escalation in [m.subject for m in mail.outbox if owner.person.email in m.to]
    stored = Notification.objects.get(recipient=owner.person, subject__contains="not ack")
    with translation.override("fr"):
        assert stored.display_subject == f"{teammate.person} n'a pas confirmé Politique réseaux"
