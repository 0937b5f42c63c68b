from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.policies import selectors
from socialgov.web.dashboard import Card, register_cards


@register_cards
def policy_cards(user: permissions.AnyUser) -> list[Card]:
    pending = selectors.pending_for_person(user=user).count()
    cards = [
        Card(
            _("Policies to acknowledge"),
            pending,
            reverse("portal:home"),
            tone="warning" if pending else "neutral",
            order=12,
        )
    ]
    if permissions.has_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR):
        overdue = (
            selectors.request_list(user=user)
            .filter(
                status="pending",
                campaign__status="running",
                campaign__deadline__lt=timezone.localdate(),
            )
            .count()
        )
        cards.append(
            Card(
                _("Overdue acknowledgements"),
                overdue,
                reverse("policies:policy-list"),
                tone="warning" if overdue else "neutral",
                order=60,
            )
        )
    return cards
