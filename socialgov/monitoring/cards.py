from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialgov.core import permissions
from socialgov.monitoring import selectors
from socialgov.monitoring.models import AlertStatus, ConnectorHealth
from socialgov.web.dashboard import Card, register_cards


@register_cards
def monitoring_cards(user: permissions.AnyUser) -> list[Card]:
    alerts = selectors.alert_list(user=user)
    open_alerts = alerts.filter(status=AlertStatus.OPEN).count()
    cards = [
        Card(
            _("Open alerts"),
            open_alerts,
            reverse("monitoring:alert-list"),
            tone="warning" if open_alerts else "neutral",
            order=20,
        )
    ]
    connectors = selectors.connector_list(user=user)
    failing = connectors.filter(health=ConnectorHealth.FAILING).count()
    if connectors.exists():
        cards.append(
            Card(
                _("Failing connectors"),
                failing,
                reverse("monitoring:connector-list"),
                tone="warning" if failing else "neutral",
                order=21,
            )
        )
    return cards
