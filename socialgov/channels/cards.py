"""Dashboard cards: orphaned channels, reviews to do, leavers holding access, lookalikes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from socialgov.channels import selectors
from socialgov.channels.models import ChannelStatus
from socialgov.core import permissions
from socialgov.web.dashboard import Card, register_cards


@register_cards
def channel_cards(user: permissions.AnyUser) -> list[Card]:
    register_url = reverse("channels:channel-list")
    cards: list[Card] = []
    channels = selectors.channel_list(user=user)
    if channels.exists():
        cards.append(Card(_("Channels I can manage"), channels.count(), register_url, order=20))
    orphaned = selectors.orphaned_channels(user=user).count()
    if orphaned or permissions.has_org_role(user, "admin", "governance_lead"):
        # Shown until a new owner is set; leads always see it, at zero too.
        cards.append(
            Card(
                _("Orphaned channels"),
                orphaned,
                f"{register_url}?status={ChannelStatus.ORPHANED}",
                tone="warning" if orphaned else "neutral",
                order=21,
            )
        )
    todo = selectors.reviews_to_do(user=user).count()
    if todo:
        cards.append(
            Card(_("Access reviews to do"), todo, reverse("channels:review-list"), order=22)
        )
    overdue = selectors.overdue_reviews(user=user).count()
    if overdue:
        cards.append(
            Card(
                _("Overdue access reviews"),
                overdue,
                reverse("channels:review-list"),
                tone="warning",
                order=23,
            )
        )
    leavers = selectors.leaver_grants(user=user).count()
    if leavers:
        cards.append(
            Card(_("Leavers still holding access"), leavers, register_url, tone="warning", order=24)
        )
    if permissions.has_role(user, "admin", "governance_lead", "analyst"):
        new = selectors.untriaged_count(user=user)
        cards.append(
            Card(
                _("Lookalike accounts to triage"),
                new,
                reverse("channels:discovered-list"),
                tone="warning" if new else "neutral",
                order=25,
            )
        )
    return cards
