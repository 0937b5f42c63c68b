"""Salesforce Chatter (internal): the configuration form and the org's daily API call limit,
which Chatter shares with every other Salesforce integration."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext as _

from socialgov.engine.sources.chatter import usage_meter
from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Meter, Platform


class ChatterPlatform(Platform):
    metered = True

    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "instance_url": fields.text(
                _("Salesforce instance"), _("https://yourcompany.my.salesforce.com")
            ),
            "group_ids": fields.lines(_("Chatter group ids"), _("0F9… record ids, one per line.")),
            "api_version": fields.text(_("API version"), _("For example v61.0.")),
            "retention_days": fields.retention_days(),
        }

    def meters(self, connector: Connector, now: dt.datetime) -> list[Meter]:
        meter = usage_meter(connector.cursor or {})
        if not meter["limit"]:
            # No call has reported the limit yet: nothing to measure against.
            return []
        return [
            Meter(
                _("Salesforce API calls in the last 24 hours"),
                meter["used"],
                meter["limit"],
                meter["percent"],
            )
        ]

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "Salesforce Chatter broker group",
            ("chatter", "broker network"),
            {"instance_url": address, "group_ids": ["0F95g000000ABCDCA4"], "retention_days": 90},
            {"client_id": "demo-client", "client_secret": "demo-secret"},
        )


PLATFORM = ChatterPlatform("chatter")
