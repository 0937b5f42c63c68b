from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone

from socialgov.core.models import AuditEvent, Notification, Task, TaskStatus
from socialgov.incidents import playbooks, selectors, services
from socialgov.incidents.models import Incident, IncidentStatus, TimelineEntry
from socialgov.incidents.tests.helpers import alert_on, channel_of, load_playbooks, playbook

pytestmark = pytest.mark.django_db


def _incident(lead, severity: str = "medium", kind: str = "other") -> Incident:
    return services.incident_open(
        actor=lead, title="Odd posts", kind=kind, severity=severity, lead=lead.person
    )


def test_an_incident_moves_open_contained_resolved_closed_and_can_reopen(lead) -> None:
    incident = _incident(lead)
    for status in ("contained", "resolved", "closed", "open"):
        incident = services.incident_transition(actor=lead, incident=incident, status=status)
        assert incident.status == status
    assert incident.contained_at is not None and incident.closed_at is None
    codes = [e.params.get("to") for e in selectors.timeline_of(incident) if e.code == "status"]
    assert codes == ["contained", "resolved", "closed", "open"]
    assert AuditEvent.objects.filter(verb="incident.transition").count() == 4


def test_an_open_incident_cannot_jump_to_closed(lead) -> None:
    incident = _incident(lead)
    with pytest.raises(ValidationError):
        services.incident_transition(actor=lead, incident=incident, status="closed")
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.OPEN


def test_a_high_incident_does_not_close_without_a_review(lead) -> None:
    incident = _incident(lead, severity="high")
    services.incident_transition(actor=lead, incident=incident, status="resolved")
    with pytest.raises(ValidationError, match="review"):
        services.incident_transition(actor=lead, incident=incident, status="closed")
    services.incident_review(
        actor=lead, incident=incident, cause="Weak password", worked="", change=""
    )
    assert services.incident_transition(actor=lead, incident=incident, status="closed").closed_at


def test_an_incident_does_not_close_with_open_required_steps(lead, owner) -> None:
    load_playbooks()
    channel = channel_of(owner)
    incident = services.incident_open(
        actor=lead,
        title="Leak",
        kind="data_leak",
        severity="low",
        lead=lead.person,
        channels=[channel],
    )
    steps = playbooks.playbook_start(actor=lead, incident=incident, playbook=playbook("data-leak"))
    services.incident_transition(actor=lead, incident=incident, status="resolved")
    with pytest.raises(ValidationError, match="steps"):
        services.incident_transition(actor=lead, incident=incident, status="closed")
    for step in steps:
        if step.required:
            playbooks.step_complete(actor=lead, step=step)
    assert services.incident_transition(actor=lead, incident=incident, status="closed").closed_at


def test_timeline_entries_cannot_be_edited_or_deleted_even_bypassing_the_orm(lead) -> None:
    incident = _incident(lead)
    entry = incident.timeline.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        TimelineEntry.objects.filter(pk=entry.pk).update(text="rewritten")
    with pytest.raises(DatabaseError), transaction.atomic():
        TimelineEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.text == ""


def test_due_times_follow_the_severity(lead) -> None:
    detected = timezone.now()
    critical = services.incident_open(
        actor=lead, title="x", kind="takeover", severity="critical", detected_at=detected
    )
    low = services.incident_open(
        actor=lead, title="y", kind="other", severity="low", detected_at=detected
    )
    assert critical.contain_due_at == detected + dt.timedelta(hours=1)
    assert low.resolve_due_at == detected + dt.timedelta(days=30)


def test_an_overdue_incident_is_escalated_once_with_a_frozen_clock(lead, analyst) -> None:
    detected = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    incident = services.incident_open(
        actor=analyst,
        title="Hijack",
        kind="takeover",
        severity="critical",
        lead=analyst.person,
        detected_at=detected,
    )
    assert services.incident_escalate_overdue(now=detected + dt.timedelta(minutes=59)) == 0
    assert services.incident_escalate_overdue(now=detected + dt.timedelta(minutes=61)) == 1
    assert services.incident_escalate_overdue(now=detected + dt.timedelta(minutes=90)) == 0
    incident.refresh_from_db()
    assert incident.escalated_at == detected + dt.timedelta(minutes=61)
    overdue = Notification.objects.filter(recipient=lead.person, subject__contains="overdue")
    assert overdue.count() == 1
    assert incident.timeline.filter(code="overdue").count() == 1


def test_the_lead_and_participants_are_notified_on_commit(lead, analyst, owner) -> None:
    services.incident_open(
        actor=lead,
        title="Rant",
        kind="reputation",
        severity="high",
        lead=analyst.person,
        participants=[owner.person],
    )
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert recipients == {analyst.person.pk, owner.person.pk}


def test_an_alert_becomes_an_incident_then_playbook_steps_review_and_a_risk_lesson(
    analyst, owner
) -> None:
    load_playbooks()
    channel = channel_of(owner)
    first = alert_on(channel, key="a")
    second = alert_on(channel, key="b", severity="critical")
    incident = services.incident_open_from_alerts(actor=analyst, alerts=[first, second])
    assert incident.kind == "data_leak" and incident.severity == "critical"
    assert set(incident.alerts.all()) == {first, second}
    assert "hunter2" in incident.evidence
    steps = playbooks.playbook_start(
        actor=analyst, incident=incident, playbook=playbook("data-leak")
    )
    assert steps[0].task.owner == owner.person  # the channel owner removes the post
    assert Task.objects.filter(source="incident_step", status=TaskStatus.OPEN).count() == 4
    services.incident_transition(actor=analyst, incident=incident, status="contained")
    for step in steps:
        playbooks.step_complete(actor=analyst, step=step)
    services.incident_transition(actor=analyst, incident=incident, status="resolved")
    services.incident_review(
        actor=analyst,
        incident=incident,
        cause="Password in a caption",
        worked="Fast removal",
        change="Pre-publication check",
    )
    closed = services.incident_transition(actor=analyst, incident=incident, status="closed")
    assert closed.status == "closed"
    assert selectors.incidents_in_quarter(channel_id=channel.pk) == 1
    kinds = [e.code for e in selectors.timeline_of(closed)]
    assert kinds.count("step_done") == 4 and "review" in kinds
