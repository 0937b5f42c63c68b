"""Demo: objectives for most usage types (customer interaction tied to the webcare channel);
market research and the other channels are left as visible gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from socialgov.channels.models import Channel, ChannelStatus, Purpose
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.strategy.models import Objective, UsageType
from socialgov.strategy.services import objective_create

# Usage type, objective, KPI, unit (each in English, Dutch and French), baseline, target,
# current value, owner.
OBJECTIVES = [
    (
        UsageType.CUSTOMER_INTERACTION,
        {
            "en": "Answer customers fast on social media",
            "nl": "Klanten snel antwoorden op sociale media",
            "fr": "Répondre rapidement aux clients sur les réseaux sociaux",
        },
        {
            "en": "Median first response time",
            "nl": "Mediane tijd tot eerste antwoord",
            "fr": "Délai médian de première réponse",
        },
        {"en": "minutes", "nl": "minuten", "fr": "minutes"},
        "90",
        "30",
        "45",
        "E013",
    ),
    (
        UsageType.EXTERNAL_COMMUNICATION,
        {
            "en": "Be the trusted voice on insurance news",
            "nl": "De betrouwbare stem zijn in verzekeringsnieuws",
            "fr": "Être la voix de confiance dans l’actualité de l’assurance",
        },
        {
            "en": "Share of positive mentions",
            "nl": "Aandeel positieve vermeldingen",
            "fr": "Part des mentions positives",
        },
        {"en": "%", "nl": "%", "fr": "%"},
        "55",
        "70",
        "62",
        "E003",
    ),
    (
        UsageType.MARKETING,
        {
            "en": "Grow the home insurance audience",
            "nl": "Het publiek voor woningverzekeringen laten groeien",
            "fr": "Élargir l’audience de l’assurance habitation",
        },
        {
            "en": "Qualified leads from social",
            "nl": "Gekwalificeerde leads via sociale media",
            "fr": "Prospects qualifiés issus des réseaux sociaux",
        },
        {"en": "leads/month", "nl": "leads/maand", "fr": "prospects/mois"},
        "40",
        "120",
        "75",
        "E004",
    ),
    (
        UsageType.RECRUITMENT,
        {
            "en": "Attract young talent",
            "nl": "Jong talent aantrekken",
            "fr": "Attirer de jeunes talents",
        },
        {
            "en": "Applications via social channels",
            "nl": "Sollicitaties via sociale kanalen",
            "fr": "Candidatures via les réseaux sociaux",
        },
        {"en": "per quarter", "nl": "per kwartaal", "fr": "par trimestre"},
        "20",
        "60",
        "31",
        "E015",
    ),
    (
        UsageType.INTERNAL_COLLABORATION,
        {
            "en": "Share knowledge across sites",
            "nl": "Kennis delen tussen de vestigingen",
            "fr": "Partager les connaissances entre les sites",
        },
        {
            "en": "Weekly active Viva Engage users",
            "nl": "Wekelijks actieve gebruikers van Viva Engage",
            "fr": "Utilisateurs actifs de Viva Engage par semaine",
        },
        {"en": "%", "nl": "%", "fr": "%"},
        "25",
        "50",
        "38",
        "E038",
    ),
]


@register_demo_builder
def build_strategy_demo(context: DemoContext) -> None:
    if Objective.objects.exists():
        return
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    end = dt.date(today.year, 12, 31)
    webcare = (
        Channel.objects.filter(purpose=Purpose.CUSTOMER_SERVICE)
        .exclude(status=ChannelStatus.RETIRED)
        .order_by("pk")
        .first()
    )
    for usage_type, title, kpi, unit, baseline, target, current, owner in OBJECTIVES:
        objective_create(
            channel=webcare if usage_type == UsageType.CUSTOMER_INTERACTION else None,
            actor=context.users["lead"],
            title=context.text(title),
            usage_type=usage_type,
            kpi=context.text(kpi),
            unit=context.text(unit),
            baseline_value=Decimal(baseline),
            target_value=Decimal(target),
            current_value=Decimal(current),
            period_start=start,
            period_end=end,
            owner=context.people[owner],
        )
    context.log.append("strategy: 5 objectives, market research left without one")
