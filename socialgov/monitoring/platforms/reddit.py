"""Reddit subreddits and searches: the configuration form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Platform


class RedditPlatform(Platform):
    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "subreddits": fields.lines(_("Subreddits"), _("Names without r/, one per line.")),
            "searches": fields.lines(_("Searches"), _("One query per line.")),
            "comments": fields.flag(_("Read new comments in the subreddits")),
            "user_agent": fields.text(
                _("User agent"), _("As Reddit asks: platform:app-id:version (by /u/account).")
            ),
            "api_base": fields.endpoint(_("Reddit API address")),
            "auth_base": fields.endpoint(_("Reddit sign-in address")),
        }

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "Reddit r/belgium and search",
            ("reddit", "u/mosa_official"),
            {"api_base": address, "auth_base": address, "subreddits": ["belgium"],
             "searches": ["mosa insurance"],
             "user_agent": "web:socialgov-demo:1.0 (by /u/mosa_official)"},
            {"client_id": "demo-client", "client_secret": "demo-secret"},
        )  # fmt: skip


PLATFORM = RedditPlatform("reddit")
