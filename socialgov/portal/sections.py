"""Extra sections of the employee portal, registered by other apps.

The channel register adds "linked accounts to declare or review" here: a provider takes the
request and returns a section (or None when it has nothing for this person).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class PortalItem:
    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class PortalSection:
    title: str
    items: list[PortalItem] = field(default_factory=list)
    empty_text: str = ""
    order: int = 100


SectionProvider = Callable[[HttpRequest], PortalSection | None]
_providers: list[SectionProvider] = []


def register_portal_section(provider: SectionProvider) -> SectionProvider:
    _providers.append(provider)
    return provider


def extra_sections(request: HttpRequest) -> list[PortalSection]:
    sections = [section for provider in _providers if (section := provider(request)) is not None]
    return sorted(sections, key=lambda section: section.order)
