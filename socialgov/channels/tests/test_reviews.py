"""Periodic access reviews: opened on time, reminded before, escalated after, decided by the
owner or deputy only, with revocations turned into tasks. The clock is frozen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from socialgov.channels import jobs
from socialgov.channels.models import (
    AccessReview,
    Channel,
    EscalationLevel,
    GrantStatus,
    ReviewStatus,
)
from socialgov.channels.services import (
    access_grant_add,
    access_review_complete,
    access_review_decide,
    access_review_open,
    channel_set_deputy,
)
from socialgov.channels.services.access import TASK_REVIEW, TASK_REVOCATION
from socialgov.core.models import AuditEvent, Notification, Task, TaskStatus, User

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed(owner: User, make_channel, clock) -> Channel:
    """An external channel started on 2 March 2026: its first review falls due on 1 June."""
    return make_channel(owner.person, started_on=dt.date(2026, 3, 2))


def test_a_review_opens_two_weeks_before_the_quarterly_date_and_only_once(
    reviewed: Channel, clock, lead: User
) -> None:
    assert reviewed.next_review_due == dt.date(2026, 6, 1)
    clock.set_date(dt.date(2026, 5, 17))
    assert jobs.access_reviews_open_due() == 0
    clock.set_date(dt.date(2026, 5, 18))
    assert jobs.access_reviews_open_due() == 1
    assert jobs.access_reviews_open_due() == 0
    review = AccessReview.objects.get()
    assert review.due_on == dt.date(2026, 6, 1)
    task = Task.objects.get(source=TASK_REVIEW)
    assert task.owner_id == reviewed.owner_id


def test_the_owner_is_reminded_a_week_and_a_day_before_the_due_date(
    reviewed: Channel, clock
) -> None:
    review = access_review_open(actor=None, channel=reviewed, due_on=dt.date(2026, 6, 1))
    sent_on = []
    for day in range(20):
        today = dt.date(2026, 5, 15) + dt.timedelta(days=day)
        clock.set_date(today)
        if jobs.access_reviews_remind():
            sent_on.append(today)
        assert jobs.access_reviews_remind() == 0  # a second run the same day sends nothing
    assert sent_on == [dt.date(2026, 5, 25), dt.date(2026, 5, 31)]
    reminders = Notification.objects.filter(recipient=reviewed.owner, subject__contains="due in")
    assert reminders.count() == 2
    review.refresh_from_db()
    assert review.reminded_on == dt.date(2026, 5, 31)


def test_an_overdue_review_goes_to_the_deputy_then_to_the_governance_lead(
    reviewed: Channel, teammate: User, lead: User, clock
) -> None:
    channel_set_deputy(actor=None, channel=reviewed, deputy=teammate.person)
    review = access_review_open(actor=None, channel=reviewed, due_on=dt.date(2026, 6, 1))

    clock.set_date(dt.date(2026, 6, 1))
    assert jobs.access_reviews_escalate() == 0  # due today is not late
    clock.set_date(dt.date(2026, 6, 2))
    assert jobs.access_reviews_escalate() == 1
    review.refresh_from_db()
    assert review.escalation == EscalationLevel.DEPUTY
    assert Notification.objects.filter(recipient=teammate.person, subject__contains="Overdue")
    assert not Task.objects.filter(source=TASK_REVIEW, owner=lead.person).exists()

    clock.set_date(dt.date(2026, 6, 7))
    assert jobs.access_reviews_escalate() == 0
    clock.set_date(dt.date(2026, 6, 8))
    assert jobs.access_reviews_escalate() == 1
    review.refresh_from_db()
    assert review.escalation == EscalationLevel.GOVERNANCE_LEAD
    assert Task.objects.filter(source=TASK_REVIEW, owner=lead.person).count() == 1
    clock.set_date(dt.date(2026, 6, 9))
    assert jobs.access_reviews_escalate() == 0
    assert AuditEvent.objects.filter(verb="access_review.escalate").count() == 2


def test_without_a_deputy_an_overdue_review_goes_straight_to_the_lead(
    reviewed: Channel, lead: User, clock
) -> None:
    access_review_open(actor=None, channel=reviewed, due_on=dt.date(2026, 6, 1))
    clock.set_date(dt.date(2026, 6, 2))
    assert jobs.access_reviews_escalate() == 1
    assert AccessReview.objects.get().escalation == EscalationLevel.GOVERNANCE_LEAD
    assert Task.objects.filter(source=TASK_REVIEW, owner=lead.person).exists()


def test_the_owner_keeps_and_revokes_grants_and_revocations_become_tasks(
    reviewed: Channel, owner: User, teammate: User, clock
) -> None:
    keep = access_grant_add(actor=owner, channel=reviewed, role="editor", person=teammate.person)
    revoke = access_grant_add(
        actor=owner, channel=reviewed, role="admin", external_name="Jan", agency="Pixel & Co"
    )
    review = access_review_open(actor=owner, channel=reviewed)
    with pytest.raises(ValidationError, match="every grant"):
        access_review_complete(actor=owner, review=review)

    access_review_decide(actor=owner, review=review, grant=keep, decision="keep")
    decision = access_review_decide(actor=owner, review=review, grant=revoke, decision="revoke")
    assert decision.task is not None
    assert decision.task.source == TASK_REVOCATION
    assert "Pixel & Co" in decision.task.title
    revoke.refresh_from_db()
    assert revoke.status == GrantStatus.REVOKED

    access_review_complete(actor=owner, review=review)
    review.refresh_from_db()
    reviewed.refresh_from_db()
    assert review.status == ReviewStatus.COMPLETED
    assert reviewed.last_reviewed_on == dt.date(2026, 3, 2)
    assert Task.objects.get(source=TASK_REVIEW).status == TaskStatus.DONE
    assert AuditEvent.objects.filter(verb="access_review.decide").count() == 2


def test_a_review_decision_by_someone_other_than_owner_or_deputy_is_rejected(
    reviewed: Channel, owner: User, teammate: User, outsider: User, lead: User
) -> None:
    grant = access_grant_add(actor=owner, channel=reviewed, role="editor", person=outsider.person)
    review = access_review_open(actor=owner, channel=reviewed)
    for stranger in (outsider, teammate, lead):
        with pytest.raises(PermissionDenied):
            access_review_decide(actor=stranger, review=review, grant=grant, decision="keep")
    assert not review.decisions.exists()
    channel_set_deputy(actor=None, channel=reviewed, deputy=teammate.person)
    access_review_decide(actor=teammate, review=review, grant=grant, decision="keep")
    assert review.decisions.count() == 1


def test_a_decision_cannot_be_made_twice_or_on_another_channels_grant(
    reviewed: Channel, other_channel: Channel, owner: User, outsider: User, teammate: User
) -> None:
    grant = access_grant_add(actor=owner, channel=reviewed, role="editor", person=teammate.person)
    foreign = access_grant_add(
        actor=outsider, channel=other_channel, role="editor", person=teammate.person
    )
    review = access_review_open(actor=owner, channel=reviewed)
    access_review_decide(actor=owner, review=review, grant=grant, decision="keep")
    with pytest.raises(ValidationError):
        access_review_decide(actor=owner, review=review, grant=grant, decision="revoke")
    with pytest.raises(ValidationError):
        access_review_decide(actor=owner, review=review, grant=foreign, decision="keep")
    with pytest.raises(ValidationError):
        access_review_decide(actor=owner, review=review, grant=grant, decision="maybe")


def test_the_management_command_runs_the_jobs_for_a_given_day(
    reviewed: Channel, lead: User, capsys
) -> None:
    call_command("channel_reviews", "--date", "2026-05-25")
    assert "opened: 1, reminded: 1, escalated: 0" in capsys.readouterr().out
    call_command("channel_reviews", "--date", "2026-06-02", "--only", "escalate")
    assert "escalate: 1" in capsys.readouterr().out
    assert Notification.objects.filter(recipient=reviewed.owner).exists()


def test_review_frequency_is_quarterly_for_external_twice_yearly_for_internal_or_as_set(
    owner: User, make_channel, clock
) -> None:
    start = dt.date(2026, 3, 2)
    external = make_channel(owner.person, started_on=start)
    internal = make_channel(
        owner.person, platform="slack", audience="internal", started_on=start,
        purpose="internal_collaboration",
    )  # fmt: skip
    monthly = make_channel(owner.person, started_on=start, review_every_days=30)
    assert external.next_review_due == start + dt.timedelta(days=91)
    assert internal.next_review_due == start + dt.timedelta(days=182)
    assert monthly.next_review_due == start + dt.timedelta(days=30)
