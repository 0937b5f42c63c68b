"""LinkedIn organisation pages: the configuration form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Platform


class LinkedInPlatform(Platform):
    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "organizations": fields.lines(
                _("Organisation ids"), _("Numbers or urn:li:organization:…, one per line.")
            ),
            "comments": fields.flag(_("Read comments on the newest posts")),
            "api_version": fields.text(_("LinkedIn-Version"), _("YYYYMM, for example 202411.")),
            "api_base": fields.endpoint(_("LinkedIn API address")),
            "oauth_base": fields.endpoint(_("LinkedIn sign-in address")),
        }

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "LinkedIn company page",
            ("linkedin", "company/mosa-verzekeringen"),
            {"api_base": address, "oauth_base": address, "organizations": ["5515715"]},
            {"access_token": "demo-linkedin-token"},
        )


PLATFORM = LinkedInPlatform("linkedin")
