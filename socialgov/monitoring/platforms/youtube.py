"""YouTube: the configuration form and the daily quota (searches cost 100 units)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _

from socialgov.engine.sources.youtube import quota_meter
from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Meter, Platform


class YouTubePlatform(Platform):
    metered = True

    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "channel_ids": fields.lines(_("Own channel ids"), _("UC… ids, one per line.")),
            "searches": fields.lines(_("Searches for brand mentions"), _("One query per line.")),
            "comments": fields.flag(_("Read comments on the own channel")),
            "daily_quota": fields.number(_("Daily quota (units)"), 100, 10_000_000),
            "api_base": fields.endpoint(_("YouTube API address")),
            "oauth_base": fields.endpoint(_("Google sign-in address")),
        }

    def meters(self, connector: Connector, now: dt.datetime) -> list[Meter]:
        meter = quota_meter(connector.cursor or {}, connector.config or {}, now)
        return [
            Meter(
                _("Quota units used today (Pacific time)"),
                meter["used"],
                meter["budget"],
                meter["percent"],
                _("Searches cost 100 units, other reads 1."),
            )
        ]

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "YouTube channel and brand search",
            ("youtube", "@mosabe"),
            {"api_base": address, "oauth_base": address,
             "channel_ids": ["UCmosa1234567890abcdefgh"], "searches": ["mosa verzekering"]},
            {"api_key": "demo-api-key"},
        )  # fmt: skip


PLATFORM = YouTubePlatform("youtube")
