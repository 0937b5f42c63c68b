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

OBJECTIVES = [
    (
        UsageType.CUSTOMER_INTERACTION,
        "Answer customers fast on social media",
        "Median first response time",
        "minutes",
        "90",
        "30",
        "45",
        "E013",
    ),
    (
        UsageType.EXTERNAL_COMMUNICATION,
        "Be the trusted voice on insurance news",
        "Share of positive mentions",
        "%",
        "55",
        "70",
        "62",
        "E003",
    ),
    (
        UsageType.MARKETING,
        "Grow the home insurance audience",
        "Qualified leads from social",
        "leads/month",
        "40",
        "120",
        "75",
        "E004",
    ),
    (
        UsageType.RECRUITMENT,
        "Attract young talent",
        "Applications via social channels",
        "per quarter",
        "20",
        "60",
        "31",
        "E015",
    ),
    (
        UsageType.INTERNAL_COLLABORATION,
        "Share knowledge across sites",
        "Weekly active Viva Engage users",
        "%",
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
            title=title,
            usage_type=usage_type,
            kpi=kpi,
            unit=unit,
            baseline_value=Decimal(baseline),
            target_value=Decimal(target),
            current_value=Decimal(current),
            period_start=start,
            period_end=end,
            owner=context.people[owner],
        )
    context.log.append("strategy: 5 objectives, market research left without one")
