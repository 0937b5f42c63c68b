"""Sections other apps add to the channel page (risks, alerts, objectives) without editing it.

    @register_channel_section
    def risk_section(user, channel) -> ChannelSection | None:
        return ChannelSection(_("Risks"), "risks/_channel_risks.html", {"risks": ...}, order=10)

Return None to show nothing to this user for this channel. The template is included with
`channel` and `section` (its `context` holds what the provider passed).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from socialgov.core.permissions import AnyUser


@dataclass(frozen=True)
class ChannelSection:
    title: str | Promise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[[AnyUser, Any], ChannelSection | None]
_providers: list[SectionProvider] = []


def register_channel_section(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def sections_for(user: AnyUser, channel: Any) -> list[ChannelSection]:
    found = [section for provider in _providers if (section := provider(user, channel))]
    return sorted(found, key=lambda section: section.order)
