"""Writes on incidents: each with its timeline entry and audit event in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core import accountability
from socialgov.core.audit import audit_record, snapshot
from socialgov.core.models import Person, Task, TaskStatus, User
from socialgov.core.services.notifications import notification_send
from socialgov.core.texts import Message, stored
from socialgov.incidents.kri import incident_kri_record_on_commit
from socialgov.incidents.models import (
    SEVERITY_RANK,
    SLA_HOURS,
    AutoOpenSetting,
    EntryKind,
    Incident,
    IncidentKind,
    IncidentSeverity,
    IncidentStatus,
    TimelineEntry,
)
from socialgov.monitoring.models import Alert, AlertSeverity, PostKind

FIELDS = ("title", "kind", "severity", "status", "lead", "detected_at")
# Which status may follow which; "open" after resolved or closed is a reopen.
TRANSITIONS: dict[str, set[str]] = {
    IncidentStatus.OPEN: {IncidentStatus.CONTAINED, IncidentStatus.RESOLVED},
    IncidentStatus.CONTAINED: {IncidentStatus.RESOLVED, IncidentStatus.OPEN},
    IncidentStatus.RESOLVED: {IncidentStatus.CLOSED, IncidentStatus.OPEN},
    IncidentStatus.CLOSED: {IncidentStatus.OPEN},
}
# At or above this severity an incident cannot close without an after-action review.
REVIEW_REQUIRED_FROM = IncidentSeverity.HIGH
TAKEOVER_KEY_PREFIX = "compromise:"


def timeline_add(
    *,
    incident: Incident,
    actor: User | None,
    kind: str,
    code: str = "",
    params: dict[str, Any] | None = None,
    text: str = "",
) -> TimelineEntry:
    return TimelineEntry.objects.create(
        incident=incident,
        actor=actor if actor is not None and actor.pk else None,
        created_at=timezone.now(),
        kind=kind,
        code=code,
        params=params or {},
        text=text,
    )


def due_times(severity: str, detected_at: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    contain, resolve = SLA_HOURS[severity]
    return detected_at + dt.timedelta(hours=contain), detected_at + dt.timedelta(hours=resolve)


def title_of(incident: Incident) -> Message | str:
    """The incident's title as a message when it has one, for texts composed per reader."""
    return Message.of(incident.title_message) or incident.title


def _notify(incident: Incident, subject: Message) -> None:
    people = {p.pk: p for p in incident.participants.all()}
    if incident.lead is not None:
        people[incident.lead.pk] = incident.lead
    for person in people.values():
        notification_send(
            recipient=person,
            subject=subject,
            body=title_of(incident),
            url=f"/incidents/{incident.pk}/",
        )


@transaction.atomic
def incident_open(
    *,
    actor: User | None,
    title: Message | str,
    kind: str,
    severity: str,
    lead: Person | None = None,
    description: str = "",
    evidence: str = "",
    detected_at: dt.datetime | None = None,
    reported_by: Person | None = None,
    channels: Sequence[Channel] = (),
    participants: Sequence[Person] = (),
    alerts: Sequence[Alert] = (),
) -> Incident:
    detected_at = detected_at or timezone.now()
    if severity not in IncidentSeverity.values:
        raise ValidationError({"severity": _("Unknown severity.")})
    contain_due, resolve_due = due_times(severity, detected_at)
    title_text, title_message = stored(title)
    incident = Incident(
        title=title_text.strip()[:300],
        title_message=title_message,
        description=description.strip(),
        kind=kind,
        severity=severity,
        lead=lead,
        evidence=evidence,
        detected_at=detected_at,
        reported_by=reported_by,
        contain_due_at=contain_due,
        resolve_due_at=resolve_due,
    )
    incident.full_clean()
    incident.save()
    incident.channels.set(channels)
    incident.participants.set(participants)
    incident.alerts.set(alerts)
    timeline_add(incident=incident, actor=actor, kind=EntryKind.OPENED, code="opened")
    for alert in alerts:
        timeline_add(
            incident=incident,
            actor=actor,
            kind=EntryKind.LINK,
            code="alert_linked",
            params={"alert": alert.pk, "title": alert.title_message},
            text=alert.title,
        )
    audit_record(
        actor=actor, verb="incident.open", target=incident, changes=snapshot(incident, FIELDS)
    )
    incident_kri_record_on_commit(channel.pk for channel in channels)
    _notify(incident, Message("incidents.notify.on_incident", {"title": title_of(incident)}))
    return incident


def _kind_of(alert: Alert) -> str:
    if alert.group_key.startswith(TAKEOVER_KEY_PREFIX):
        return IncidentKind.TAKEOVER
    if alert.category == "privacy":
        return IncidentKind.DATA_LEAK
    if alert.category == "reputation":
        return IncidentKind.REPUTATION
    return IncidentKind.OTHER


def _evidence_of(alerts: Iterable[Alert]) -> str:
    lines = []
    for alert in alerts:
        lines.append(f"{alert.title} ({alert.first_seen_at:%Y-%m-%d %H:%M})")
        for item in alert.evidence.select_related("finding__post")[:50]:
            post = item.finding.post
            # Everyone who reads the incident would read a copy; internal content stays on the
            # alert, where only the channel's people and governance leads may read it.
            text = (
                _("(internal post: read it on the linked alert)")
                if post.kind == PostKind.INTERNAL
                else post.text[:1000]
            )
            lines.append(f"- {post.url or post.external_id}: {text}")
    return "\n".join(lines)


def incident_open_from_alerts(
    *,
    actor: User | None,
    alerts: Sequence[Alert],
    lead: Person | None = None,
    kind: str = "",
    severity: str = "",
) -> Incident:
    """One incident for one alert or several merged; their evidence copied, the alerts linked."""
    if not alerts:
        raise ValidationError({"alerts": _("Choose at least one alert.")})
    worst = max(alerts, key=lambda a: SEVERITY_RANK.get(a.severity, 0))
    channels = {a.channel_id: a.channel for a in alerts if a.channel is not None}
    return incident_open(
        actor=actor,
        title=Message.of(worst.title_message) or worst.title,
        kind=kind or _kind_of(worst),
        severity=severity or worst.severity,
        lead=lead or worst.owner,
        evidence=_evidence_of(alerts),
        detected_at=min(a.first_seen_at for a in alerts),
        channels=list(channels.values()),
        alerts=list(alerts),
    )


def wants_auto_open(alert: Alert) -> bool:
    if alert.severity != AlertSeverity.CRITICAL:
        return False
    if not alert.group_key.startswith(TAKEOVER_KEY_PREFIX):
        return False
    setting = AutoOpenSetting.objects.filter(rule_id=alert.rule_id).first()
    return setting is None or setting.auto_open


def incident_auto_open(*, alert_id: int) -> Incident | None:
    """Open the takeover incident once per alert group while one is still active."""
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update(of=("self",))
            .select_related("channel", "owner")
            .get(pk=alert_id)
        )
        existing = Incident.objects.filter(
            alerts__group_key=alert.group_key,
            status__in=[IncidentStatus.OPEN, IncidentStatus.CONTAINED],
        ).first()
        if existing is not None:
            if not existing.alerts.filter(pk=alert.pk).exists():
                existing.alerts.add(alert)
            return None
        return incident_open_from_alerts(actor=None, alerts=[alert], kind=IncidentKind.TAKEOVER)


def review_required(incident: Incident) -> bool:
    return SEVERITY_RANK[incident.severity] >= SEVERITY_RANK[REVIEW_REQUIRED_FROM]


def next_statuses(incident: Incident) -> list[tuple[str, str]]:
    allowed = TRANSITIONS.get(incident.status, set())
    return [(value, str(label)) for value, label in IncidentStatus.choices if value in allowed]


def _can_close(incident: Incident) -> None:
    open_required = incident.steps.filter(
        required=True, task__status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]
    )
    if open_required.exists():
        raise ValidationError({"status": _("Required playbook steps are still open.")})
    if review_required(incident) and incident.reviewed_at is None:
        raise ValidationError({"status": _("This incident needs an after-action review first.")})


@transaction.atomic
def incident_transition(*, actor: User | None, incident: Incident, status: str) -> Incident:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    before = incident.status
    if status not in TRANSITIONS.get(before, set()):
        raise ValidationError(
            {
                "status": _("An incident cannot go from %(old)s to %(new)s.")
                % {"old": before, "new": status}
            }
        )
    now = timezone.now()
    if status == IncidentStatus.CLOSED:
        _can_close(incident)
        incident.closed_at = now
    elif status == IncidentStatus.CONTAINED:
        incident.contained_at = incident.contained_at or now
    elif status == IncidentStatus.RESOLVED:
        incident.contained_at = incident.contained_at or now
        incident.resolved_at = now
    else:  # reopened
        incident.resolved_at = None
        incident.closed_at = None
    incident.status = status
    incident.full_clean()
    incident.save()
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.STATUS,
        code="status",
        params={"from": before, "to": status},
    )
    audit_record(
        actor=actor,
        verb="incident.transition",
        target=incident,
        changes={"status": [before, status]},
    )
    return incident


@transaction.atomic
def incident_set_lead(*, actor: User | None, incident: Incident, lead: Person) -> Incident:
    """Hand the incident to a new lead, by the accountability rule (the lead, a governance
    lead over a linked channel's unit, or an admin); the previous lead and the leads hear."""
    locked = Incident.objects.select_for_update(of=("self",)).select_related("lead")
    incident = locked.get(pk=incident.pk)
    if not lead.is_active:
        raise ValidationError({"lead": _("The incident lead must be an active person.")})
    previous = incident.lead
    if previous is not None and previous.pk == lead.pk:
        return incident
    units = [channel.org_unit for channel in incident.channels.select_related("org_unit")]
    accountability.require_transfer(
        actor, accountable_id=incident.lead_id, new_id=lead.pk, org_units=units
    )
    incident.lead = lead
    incident.save(update_fields=["lead", "updated_at"])
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.NOTE,
        code="lead",
        params={"from": previous.pk if previous else None, "to": lead.pk, "person": str(lead)},
    )
    audit_record(
        actor=actor,
        verb="incident.set_lead",
        target=incident,
        changes={"lead": [previous.pk if previous else None, lead.pk]},
    )
    accountability.notify_transfer(
        actor=actor,
        subject=Message.of(incident.title_message) or incident.title,
        role="incidents.accountable.lead",
        previous=previous,
        new=lead,
        url=f"/incidents/{incident.pk}/",
    )
    return incident


@transaction.atomic
def incident_note(*, actor: User | None, incident: Incident, text: str) -> TimelineEntry:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("A note needs some text.")})
    entry = timeline_add(incident=incident, actor=actor, kind=EntryKind.NOTE, text=text[:20_000])
    audit_record(actor=actor, verb="incident.note", target=incident, changes={"entry": entry.pk})
    return entry


@transaction.atomic
def incident_review(
    *, actor: User | None, incident: Incident, cause: str, worked: str, change: str
) -> Incident:
    if not cause.strip():
        raise ValidationError({"cause": _("Name the cause.")})
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    incident.review_cause = cause.strip()
    incident.review_worked = worked.strip()
    incident.review_change = change.strip()
    incident.reviewed_at = timezone.now()
    incident.save()
    timeline_add(incident=incident, actor=actor, kind=EntryKind.REVIEW, code="review")
    audit_record(actor=actor, verb="incident.review", target=incident, changes={"cause": cause})
    return incident


def incident_escalate_overdue(*, now: dt.datetime | None = None) -> int:
    """Tell governance leads about active incidents past their due time; once per incident."""
    from socialgov.core.selectors import governance_leads

    now = now or timezone.now()
    count = 0
    overdue = Incident.objects.filter(
        escalated_at__isnull=True, status__in=[IncidentStatus.OPEN, IncidentStatus.CONTAINED]
    ).select_related("lead")
    for incident in overdue:
        late = (incident.status == IncidentStatus.OPEN and incident.contain_due_at < now) or (
            incident.resolve_due_at < now
        )
        if late:
            with transaction.atomic():
                updated = Incident.objects.filter(pk=incident.pk, escalated_at__isnull=True).update(
                    escalated_at=now
                )
                if not updated:
                    continue
                timeline_add(
                    incident=incident, actor=None, kind=EntryKind.ESCALATION, code="overdue"
                )
                audit_record(actor=None, verb="incident.escalate", target=incident)
                title = title_of(incident)
                subject = Message("incidents.notify.overdue", {"title": title})
                for person in governance_leads() + ([incident.lead] if incident.lead else []):
                    notification_send(
                        recipient=person,
                        subject=subject,
                        body=title,
                        url=f"/incidents/{incident.pk}/",
                    )
            count += 1
    return count


def task_is_done(task: Task) -> bool:
    return task.status == TaskStatus.DONE
