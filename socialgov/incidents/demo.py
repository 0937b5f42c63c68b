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

Texts = dict[str, str]  # the same text in English, Dutch and French


@dataclass(frozen=True)
class ClosedDemo:
    title: Texts
    kind: str
    severity: str
    days_ago: int
    cause: Texts
    worked: Texts
    change: Texts


CLOSED = [
    ClosedDemo(
        {
            "en": "Customer's phone number in a reply on Facebook",
            "nl": "Telefoonnummer van een klant in een antwoord op Facebook",
            "fr": "Numéro de téléphone d’un client dans une réponse sur Facebook",
        },
        "data_leak",
        "high",
        38,
        {
            "en": "A webcare agent copied the customer's details into a public reply.",
            "nl": (
                "Een webcaremedewerker kopieerde de gegevens van de klant in een openbaar antwoord."
            ),
            "fr": (
                "Un agent du service client a copié les coordonnées du client dans une réponse "
                "publique."
            ),
        },
        {
            "en": "The comment was hidden within the hour; the DPO assessed no notification duty.",
            "nl": "De reactie was binnen het uur verborgen; de DPO zag geen meldplicht.",
            "fr": (
                "Le commentaire a été masqué dans l’heure ; le DPO n’a retenu aucune obligation "
                "de notification."
            ),
        },
        {
            "en": "Private replies for anything with personal data; a pre-publication check.",
            "nl": "Privé antwoorden bij alles met persoonsgegevens; een controle vóór publicatie.",
            "fr": (
                "Des réponses privées pour tout ce qui contient des données personnelles ; un "
                "contrôle avant publication."
            ),
        },
    ),
    ClosedDemo(
        {
            "en": "Complaint about delivery delays went viral",
            "nl": "Klacht over leveringsvertragingen ging viraal",
            "fr": "Une plainte sur des retards de livraison est devenue virale",
        },
        "reputation",
        "medium",
        17,
        {
            "en": "A late shipment batch and a sarcastic first answer.",
            "nl": "Een te late zending en een sarcastisch eerste antwoord.",
            "fr": "Un lot d’expéditions en retard et une première réponse sarcastique.",
        },
        {
            "en": "A holding statement within two hours and one spokesperson.",
            "nl": "Een eerste verklaring binnen twee uur en één woordvoerder.",
            "fr": "Une déclaration d’attente en moins de deux heures et un seul porte-parole.",
        },
        {
            "en": "An escalation path from webcare to communication for growing threads.",
            "nl": "Een escalatiepad van webcare naar communicatie voor groeiende discussies.",
            "fr": (
                "Une voie d’escalade du service client vers la communication pour les fils qui "
                "s’amplifient."
            ),
        },
    ),
]
TAKEOVER = {
    "en": "Instagram account posting crypto giveaways",
    "nl": "Instagramaccount plaatst cryptoweggeefacties",
    "fr": "Compte Instagram publiant des concours de cryptomonnaies",
}
TAKEOVER_EVIDENCE = {
    "en": "3 posts in 20 minutes from an unknown client app, linking to a crypto site.",
    "nl": "3 berichten in 20 minuten vanuit een onbekende app, met links naar een cryptosite.",
    "fr": (
        "3 publications en 20 minutes depuis une application inconnue, avec des liens vers un "
        "site de cryptomonnaies."
    ),
}


def _finish_steps(actor: User | None, incident: Incident, count: int | None = None) -> None:
    steps = list(IncidentStep.objects.filter(incident=incident).select_related("incident"))
    for step in steps[:count] if count is not None else steps:
        playbooks.step_complete(actor=actor, step=step)


def _closed(context: DemoContext, channel: Channel, spec: ClosedDemo) -> None:
    actor = context.users.get("analyst")
    detected = timezone.now() - dt.timedelta(days=spec.days_ago)
    incident = services.incident_open(
        actor=actor,
        title=context.text(spec.title),
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
        actor=actor,
        incident=incident,
        cause=context.text(spec.cause),
        worked=context.text(spec.worked),
        change=context.text(spec.change),
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
        # Found again in any language, so a rerun in another language doubles nothing.
        if not Incident.objects.filter(title__in=spec.title.values()).exists():
            _closed(context, channels[index % len(channels)], spec)
    if Incident.objects.filter(title__in=TAKEOVER.values()).exists():
        return
    actor = context.users.get("analyst")
    channel = next((c for c in channels if c.platform == "instagram"), channels[0])
    incident = services.incident_open(
        actor=actor,
        title=context.text(TAKEOVER),
        kind="takeover",
        severity="critical",
        lead=context.people.get("E018"),
        detected_at=timezone.now() - dt.timedelta(hours=3),
        channels=[channel],
        participants=[channel.owner],
        evidence=context.text(TAKEOVER_EVIDENCE),
    )
    playbook = playbook_for("takeover")
    if playbook is not None:
        steps = playbooks.playbook_start(actor=actor, incident=incident, playbook=playbook)
        _finish_steps(actor, incident, len(steps) // 2)
    services.incident_transition(actor=actor, incident=incident, status="contained")
    context.log.append("incidents: 2 closed with reviews, 1 open takeover half-way")
