from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.strategy import selectors
from socialgov.web.dashboard import Card, register_cards


@register_cards
def strategy_cards(user: permissions.AnyUser) -> list[Card]:
    if not permissions.has_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR):
        return []
    gaps = sum(1 for item in selectors.coverage_by_usage_type(user=user) if item.is_gap)
    return [
        Card(
            _("Usage types without an objective"),
            gaps,
            reverse("strategy:objective-list"),
            tone="warning" if gaps else "neutral",
            order=65,
        )
    ]
