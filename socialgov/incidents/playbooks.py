"""Starting a playbook on an incident and completing its steps, each on the timeline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record
from socialgov.core.models import Person, Task, TaskPriority, TaskStatus, User
from socialgov.core.services.tasks import task_create
from socialgov.incidents.models import EntryKind, Incident, IncidentStep, Playbook
from socialgov.incidents.services import timeline_add

STEP_SOURCE = "incident_step"


def _owner_for(incident: Incident, role: str) -> Person:
    """The channel owner does the channel-owner steps; the incident lead the others."""
    if role == "channel_owner":
        channel = incident.channels.select_related("owner").first()
        if channel is not None:
            return channel.owner
    if incident.lead is None:
        raise ValidationError({"lead": _("Name an incident lead before starting a playbook.")})
    return incident.lead


@transaction.atomic
def playbook_start(
    *, actor: User | None, incident: Incident, playbook: Playbook
) -> list[IncidentStep]:
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.playbook_id is not None:
        raise ValidationError({"playbook": _("A playbook is already running on this incident.")})
    if playbook.kind != incident.kind:
        raise ValidationError({"playbook": _("This playbook is for another kind of incident.")})
    incident.playbook = playbook
    incident.save(update_fields=["playbook", "updated_at"])
    steps = []
    for position, spec in enumerate(playbook.steps):
        checklist = spec.get("checklist", {}).get("en", [])
        task = task_create(
            actor=actor,
            title=str(spec["title"].get("en", spec["key"]))[:300],
            owner=_owner_for(incident, spec["role"]),
            description="\n".join(f"- {line}" for line in checklist),
            due_date=(incident.detected_at + dt.timedelta(hours=spec["due_hours"])).date(),
            priority=TaskPriority.URGENT if incident.severity == "critical" else TaskPriority.HIGH,
            source=STEP_SOURCE,
            subject=incident,
        )
        steps.append(
            IncidentStep.objects.create(
                incident=incident,
                task=task,
                key=spec["key"],
                role=spec["role"],
                position=position,
                required=bool(spec.get("required", True)),
            )
        )
    timeline_add(
        incident=incident,
        actor=actor,
        kind=EntryKind.STEP,
        code="playbook_started",
        params={"playbook": playbook.key},
        text=playbook.title_in("en"),
    )
    audit_record(
        actor=actor,
        verb="incident.playbook_start",
        target=incident,
        changes={"playbook": playbook.key},
    )
    return steps


@transaction.atomic
def step_complete(*, actor: User | None, step: IncidentStep) -> IncidentStep:
    task = Task.objects.select_for_update().get(pk=step.task_id)
    if task.status == TaskStatus.DONE:
        raise ValidationError({"step": _("This step is already done.")})
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.save(update_fields=["status", "completed_at", "updated_at"])
    timeline_add(
        incident=step.incident,
        actor=actor,
        kind=EntryKind.STEP,
        code="step_done",
        params={"step": step.key},
        text=task.title,
    )
    audit_record(
        actor=actor, verb="incident.step_complete", target=task, changes={"step": step.key}
    )
    return step


def steps_of(incident: Incident) -> list[IncidentStep]:
    return list(incident.steps.select_related("task__owner"))
