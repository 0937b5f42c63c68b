from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.awareness import selectors
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.web.dashboard import Card, register_cards


@register_cards
def awareness_cards(user: permissions.AnyUser) -> list[Card]:
    mine = selectors.my_open_assignments(user=user).count()
    cards = [
        Card(
            _("Training to complete"),
            mine,
            reverse("portal:home"),
            tone="warning" if mine else "neutral",
            order=13,
        )
    ]
    if permissions.has_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR):
        overdue = (
            selectors.assignment_list(user=user)
            .filter(campaign__status="running", campaign__deadline__lt=timezone.localdate())
            .exclude(status="passed")
            .count()
        )
        cards.append(
            Card(
                _("Overdue training"),
                overdue,
                reverse("awareness:campaign-list"),
                tone="warning" if overdue else "neutral",
                order=61,
            )
        )
    return cards
