"""What the health page shows for a platform connector beyond the common figures: paid or
limited budgets as meters, the endpoints a platform must be told (webhooks), versions and
retention. Each platform module says what is special about it; the lines every platform can
have (API version, retention) are added here."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms.base import Fact, Meter
from socialgov.monitoring.platforms.registry import platform_for

__all__ = ["Fact", "Meter", "connector_facts", "connector_meters"]


def connector_meters(connector: Connector, now: dt.datetime | None = None) -> list[Meter]:
    return platform_for(connector.kind).meters(connector, now or timezone.now())


def connector_facts(connector: Connector) -> list[Fact]:
    config = connector.config or {}
    facts = platform_for(connector.kind).facts(connector)
    if config.get("api_version"):
        facts.append(Fact(_("API version"), str(config["api_version"])))
    if config.get("retention_days"):
        facts.append(
            Fact(
                _("Internal messages kept for"),
                _("%(days)s days") % {"days": config["retention_days"]},
            )
        )
    return facts
