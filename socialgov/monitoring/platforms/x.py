"""X: the configuration form and the monthly read budget (X bills reads per post)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _

from socialgov.engine.sources.x import budget_meter
from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Meter, Platform


class XPlatform(Platform):
    metered = True

    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "searches": fields.lines(
                _("Recent searches"), _("X search queries for the brand, one per line.")
            ),
            "user_ids": fields.lines(_("Own account ids"), _("Numeric user ids, one per line.")),
            "mentions": fields.flag(_("Read mentions of the own accounts")),
            "direct_messages": fields.flag(
                _("Read direct messages (needs a user token with dm.read)")
            ),
            "monthly_read_budget": fields.number(_("Monthly read budget (posts)"), 1, 10_000_000),
            "api_base": fields.endpoint(_("X API address")),
        }

    def meters(self, connector: Connector, now: dt.datetime) -> list[Meter]:
        meter = budget_meter(connector.cursor or {}, connector.config or {}, now)
        return [
            Meter(
                _("Posts read this month (%(month)s)") % {"month": meter["month"]},
                meter["read"],
                meter["budget"],
                meter["percent"],
                _("X bills reads per post; reading stops when the budget is spent."),
            )
        ]

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "X brand search and own account",
            ("x", "mosa_be"),
            {"api_base": address, "searches": ["mosa OR #mosa -is:retweet"],
             "user_ids": ["2001"], "monthly_read_budget": 10000},
            {"bearer_token": "demo-bearer"},
        )  # fmt: skip


PLATFORM = XPlatform("x")
