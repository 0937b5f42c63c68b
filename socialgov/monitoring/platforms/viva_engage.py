"""Viva Engage (internal): the configuration form and the communities Microsoft Graph names."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Fact, Platform


class VivaEngagePlatform(Platform):
    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "tenant": fields.text(_("Entra ID tenant"), _("Tenant id or domain.")),
            "group_ids": fields.lines(
                _("Community ids"), _("Numeric Viva Engage group ids, one per line.")
            ),
            "retention_days": fields.retention_days(),
            "engage_base": fields.endpoint(_("Viva Engage API address")),
            "graph_base": fields.endpoint(_("Microsoft Graph address")),
            "login_base": fields.endpoint(_("Microsoft sign-in address")),
        }

    def facts(self, connector: Connector) -> list[Fact]:
        # The source notes the community names (or why Graph refused them) in the cursor.
        communities = (connector.cursor or {}).get("_communities")
        if not isinstance(communities, dict):
            return []
        label = _("Communities (Microsoft Graph)")
        if communities.get("error"):
            return [Fact(label, str(communities["error"]))]
        names = ", ".join(str(name) for name in communities.get("names", []))
        return [Fact(label, names or "—")]

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "Viva Engage communities",
            ("viva_engage", "all company"),
            {"engage_base": address, "graph_base": address, "login_base": address,
             "tenant": "mosa.example", "group_ids": ["150000001"], "retention_days": 90},
            {"client_id": "demo-client", "client_secret": "demo-secret"},
        )  # fmt: skip


PLATFORM = VivaEngagePlatform("viva_engage")
