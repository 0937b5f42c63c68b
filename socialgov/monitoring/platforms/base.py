"""What every platform module provides: the Django-side specifics of one connector kind.

A platform module (`platforms/meta.py`, `platforms/x.py`…) defines a `Platform` subclass and
an instance named `PLATFORM`; `platforms.registry` finds it by dotted path. Every hook has a
default that means "nothing special", so a kind without a module (Mastodon, RSS…) is served by
a plain `Platform(kind)` and the shared code never asks which kind it is looking at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.urls import URLPattern

from socialgov.engine.sources.http import HttpClient
from socialgov.monitoring.models import Connector, Post


@dataclass(frozen=True)
class Meter:
    """A paid or limited budget of a platform (reads, quota units, API calls)."""

    label: str
    used: int
    limit: int
    percent: int
    note: str = ""

    @property
    def level(self) -> str:
        return "danger" if self.percent >= 90 else "warning" if self.percent >= 75 else "ok"


@dataclass(frozen=True)
class Fact:
    """A line on the connector's health page that the platform needs told or shown."""

    label: str
    value: str


def absolute_url(path: str) -> str:
    """The address a platform must call, for paths reversed from this site's URLs."""
    return f"{settings.SOCIALGOV_BASE_URL.rstrip('/')}{path}"


@dataclass(frozen=True)
class DemoConnector:
    """A configured connector of the demo, polling the local fixture server."""

    name: str
    channel: tuple[str, str]  # channel platform and handle of the demo organisation
    config: dict[str, Any]
    secrets: dict[str, str]


class Platform:
    """The defaults: no form, no meters, no facts, no push endpoints, no moderation."""

    # The budget card on the dashboard only queries connectors of metered kinds.
    metered: bool = False

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.kind!r}>"

    @property
    def configurable(self) -> bool:
        """Whether the connector is set up with the platform form (it has fields to fill)."""
        return bool(self.config_fields())

    def config_fields(self) -> dict[str, forms.Field]:
        """The form fields of the configuration, named as the source's config keys."""
        return {}

    def clean_config(self, config: dict[str, Any]) -> dict[str, Any]:
        """Site rules on top of the source's own validation; raises ValidationError."""
        return config

    def meters(self, connector: Connector, now: dt.datetime) -> list[Meter]:
        return []

    def facts(self, connector: Connector) -> list[Fact]:
        return []

    def push_urls(self) -> list[URLPattern]:
        """API routes the platform pushes to (webhooks, event callbacks)."""
        return []

    def demo_connector(self, address: str) -> DemoConnector | None:
        """The demo's connector, pointed at `address` (the fixture server's /<kind>)."""
        return None

    def can_moderate(self, post: Post) -> bool:
        """Whether `moderate` can act on this post on the platform."""
        return False

    def moderate(self, post: Post, action: str, http: HttpClient) -> None:
        """Carry out a comment action on the platform; raises ConnectorError when refused."""
        raise NotImplementedError(f"{self.kind} connectors cannot moderate")
