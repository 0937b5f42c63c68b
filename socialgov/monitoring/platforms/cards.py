"""Dashboard cards for paid or limited platform budgets (X reads, YouTube quota, Salesforce API
calls: the platforms marked `metered`), so a budget about to run out is seen before the
connector stops."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from socialgov.core import permissions
from socialgov.monitoring import selectors
from socialgov.monitoring.platforms.health import connector_meters
from socialgov.monitoring.platforms.registry import metered_kinds
from socialgov.web.dashboard import Card, register_cards

MAX_CARDS = 3


@register_cards
def platform_budget_cards(user: permissions.AnyUser) -> list[Card]:
    metered = selectors.connector_list(user=user).filter(kind__in=metered_kinds(), is_active=True)
    connectors = metered[:20]
    cards = []
    for connector in connectors:
        for meter in connector_meters(connector):
            cards.append(
                Card(
                    _("%(connector)s: budget used") % {"connector": connector.name},
                    f"{meter.percent} %",
                    reverse("monitoring:connector-detail", args=[connector.pk]),
                    tone="warning" if meter.level != "ok" else "neutral",
                    order=22,
                )
            )
    cards.sort(key=lambda card: -int(str(card.value).split()[0]))
    return cards[:MAX_CARDS]
