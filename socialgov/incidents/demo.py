"""Demo incidents: two closed ones with their after-action reviews, and an open account
takeover half-way through its playbook. Idempotent (found again by title)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from socialgov.channels.models import Channel, ChannelStatus
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.core.models import User
from socialgov.incidents import playbooks, services
from socialgov.incidents.models import Incident, IncidentStep
from socialgov.incidents.selectors import playbook_for


@dataclass(frozen=True)
class ClosedDemo:
    title: str
    kind: str
    severity: str
    days_ago: int
    cause: str
    worked: str
    change: str


CLOSED = [
    ClosedDemo(
        "Customer's phone number in a reply on Facebook",
        "data_leak",
        "high",
        38,
        "A webcare agent copied the customer's details into a public reply.",
        "The comment was hidden within the hour; the DPO assessed no notification duty.",
        "Private replies for anything with personal data; a pre-publication check.",
    ),
    ClosedDemo(
        "Complaint about delivery delays went viral",
        "reputation",
        "medium",
        17,
        "A late shipment batch and a sarcastic first answer.",
        "A holding statement within two hours and one spokesperson.",
        "An escalation path from webcare to communication for growing threads.",
    ),
]
TAKEOVER = "Instagram account posting crypto giveaways"


def _finish_steps(actor: User | None, incident: Incident, count: int | None = None) -> None:
    steps = list(IncidentStep.objects.filter(incident=incident).select_related("incident"))
    for step in steps[:count] if count is not None else steps:
        playbooks.step_complete(actor=actor, step=step)


def _closed(context: DemoContext, channel: Channel, spec: ClosedDemo) -> None:
    actor = context.users.get("analyst")
    detected = timezone.now() - dt.timedelta(days=spec.days_ago)
    incident = services.incident_open(
        actor=actor,
        title=spec.title,
        kind=spec.kind,
        severity=spec.severity,
        lead=context.people.get("E018"),
        detected_at=detected,
        channels=[channel],
        participants=[channel.owner],
    )
    playbook = playbook_for(incident.kind)
    if playbook is not None:
        playbooks.playbook_start(actor=actor, incident=incident, playbook=playbook)
        _finish_steps(actor, incident)
    services.incident_transition(actor=actor, incident=incident, status="contained")
    services.incident_transition(actor=actor, incident=incident, status="resolved")
    services.incident_review(
        actor=actor, incident=incident, cause=spec.cause, worked=spec.worked, change=spec.change
    )
    services.incident_transition(actor=actor, incident=incident, status="closed")


@register_demo_builder
def build_incidents(context: DemoContext) -> None:
    channels = list(
        Channel.objects.filter(status=ChannelStatus.ACTIVE).select_related("owner").order_by("pk")
    )
    if not channels or context.people.get("E018") is None:
        return
    for index, spec in enumerate(CLOSED):
        if not Incident.objects.filter(title=spec.title).exists():
            _closed(context, channels[index % len(channels)], spec)
    if Incident.objects.filter(title=TAKEOVER).exists():
        return
    actor = context.users.get("analyst")
    channel = next((c for c in channels if c.platform == "instagram"), channels[0])
    incident = services.incident_open(
        actor=actor,
        title=TAKEOVER,
        kind="takeover",
        severity="critical",
        lead=context.people.get("E018"),
        detected_at=timezone.now() - dt.timedelta(hours=3),
        channels=[channel],
        participants=[channel.owner],
        evidence="3 posts in 20 minutes from an unknown client app, linking to a crypto site.",
    )
    playbook = playbook_for("takeover")
    if playbook is not None:
        steps = playbooks.playbook_start(actor=actor, incident=incident, playbook=playbook)
        _finish_steps(actor, incident, len(steps) // 2)
    services.incident_transition(actor=actor, incident=incident, status="contained")
    context.log.append("incidents: 2 closed with reviews, 1 open takeover half-way")
