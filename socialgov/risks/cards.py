from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialgov.core import permissions
from socialgov.risks import selectors
from socialgov.web.dashboard import Card, register_cards


@register_cards
def risk_cards(user: permissions.AnyUser) -> list[Card]:
    counts = selectors.risk_counts(user=user)
    if not counts["open"] and not counts["reassess"]:
        return []
    register = reverse("risks:register")
    return [
        Card(_("Open risks"), counts["open"], register, order=30),
        Card(
            _("Risks past their treatment date"),
            counts["overdue"],
            f"{register}?overdue=1",
            tone="warning" if counts["overdue"] else "neutral",
            order=31,
        ),
        Card(
            _("Risks to re-assess"),
            counts["reassess"],
            f"{register}?reassess=1",
            tone="warning" if counts["reassess"] else "neutral",
            order=32,
        ),
    ]
