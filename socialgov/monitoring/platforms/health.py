"""What the health page shows for a platform connector beyond the common figures: paid or
limited budgets as meters (X reads per month, YouTube quota units per day, Salesforce API
calls), the endpoints a platform must be told (webhooks), versions and retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.engine.sources.chatter import usage_meter
from socialgov.engine.sources.x import budget_meter
from socialgov.engine.sources.youtube import quota_meter
from socialgov.monitoring.models import Connector


@dataclass(frozen=True)
class Meter:
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
    label: str
    value: str


def connector_meters(connector: Connector, now: dt.datetime | None = None) -> list[Meter]:
    now = now or timezone.now()
    cursor, config = connector.cursor or {}, connector.config or {}
    if connector.kind == "x":
        meter = budget_meter(cursor, config, now)
        return [
            Meter(
                _("Posts read this month (%(month)s)") % {"month": meter["month"]},
                meter["read"],
                meter["budget"],
                meter["percent"],
                _("X bills reads per post; reading stops when the budget is spent."),
            )
        ]
    if connector.kind == "youtube":
        meter = quota_meter(cursor, config, now)
        return [
            Meter(
                _("Quota units used today (Pacific time)"),
                meter["used"],
                meter["budget"],
                meter["percent"],
                _("Searches cost 100 units, other reads 1."),
            )
        ]
    if connector.kind == "chatter":
        meter = usage_meter(cursor)
        if meter["limit"]:
            return [
                Meter(
                    _("Salesforce API calls in the last 24 hours"),
                    meter["used"],
                    meter["limit"],
                    meter["percent"],
                )
            ]
    return []


def _absolute(path: str) -> str:
    return f"{settings.SOCIALGOV_BASE_URL.rstrip('/')}{path}"


def connector_facts(connector: Connector) -> list[Fact]:
    config = connector.config or {}
    facts: list[Fact] = []
    if connector.kind == "meta":
        url = reverse("monitoring-meta-webhook", args=[connector.pk])
        facts.append(Fact(_("Webhook callback URL for Meta"), _absolute(url)))
    if connector.kind == "slack":
        url = reverse("monitoring-slack-events", args=[connector.pk])
        facts.append(Fact(_("Events API request URL for Slack"), _absolute(url)))
    if config.get("api_version"):
        facts.append(Fact(_("API version"), str(config["api_version"])))
    communities = (connector.cursor or {}).get("_communities")
    if connector.kind == "viva_engage" and isinstance(communities, dict):
        if communities.get("error"):
            facts.append(Fact(_("Communities (Microsoft Graph)"), str(communities["error"])))
        else:
            names = ", ".join(str(name) for name in communities.get("names", []))
            facts.append(Fact(_("Communities (Microsoft Graph)"), names or "—"))
    if config.get("retention_days"):
        facts.append(
            Fact(
                _("Internal messages kept for"),
                _("%(days)s days") % {"days": config["retention_days"]},
            )
        )
    return facts
