"""Dashboard cards: each app registers functions that return the cards a user may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

from socialgov.core.permissions import AnyUser


@dataclass(frozen=True)
class Card:
    title: str | Promise
    value: int | str
    url: str = ""
    # "warning" draws attention: something is overdue, orphaned or unowned.
    tone: str = "neutral"
    order: int = 100


CardProvider = Callable[[AnyUser], list[Card]]
_providers: list[CardProvider] = []


def register_cards(provider: CardProvider) -> CardProvider:
    _providers.append(provider)
    return provider


def cards_for(user: AnyUser) -> list[Card]:
    cards = [card for provider in _providers for card in provider(user)]
    return sorted(cards, key=lambda card: card.order)
