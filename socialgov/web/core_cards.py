from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from socialgov.core import permissions, selectors
from socialgov.core.models import Role
from socialgov.web.dashboard import Card, register_cards


@register_cards
def core_cards(user: permissions.AnyUser) -> list[Card]:
    mine = selectors.task_list(user=user, open_only=True, mine=True)
    cards = [
        Card(_("My open tasks"), mine.count(), reverse("core:task-list"), order=10),
        Card(
            _("My overdue tasks"),
            overdue := mine.filter(due_date__lt=timezone.localdate()).count(),
            reverse("core:task-list"),
            tone="warning" if overdue else "neutral",
            order=11,
        ),
    ]
    if permissions.has_role(user, Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR, Role.ANALYST):
        people = selectors.person_list(user=user, active_only=True)
        cards.append(Card(_("People"), people.count(), reverse("core:person-list"), order=50))
        cards.append(Card(_("Org units"), selectors.org_unit_list(user=user).count(), order=51))
        open_tasks = selectors.task_list(user=user, open_only=True)
        cards.append(Card(_("Open tasks in scope"), open_tasks.count(), order=52))
    return cards
