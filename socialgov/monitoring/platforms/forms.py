"""Configuration forms for the platform connectors: which pages, accounts, communities or
searches to watch, and the credentials (write-only: a blank field keeps the stored value).

The form collects the fields; the connector's own `validate_config` decides what is valid, so
the HTML form, the API and the command line accept exactly the same configurations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel
from socialgov.core.models import Person
from socialgov.engine.sources import InvalidConfiguration, source_spec

# A label or help text: plain or lazily translated.
Label = Any


class LinesField(forms.CharField):
    """One value per line (ids, searches), stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


def _lines(label: Label, help_text: Label = "") -> LinesField:
    return LinesField(label=label, help_text=help_text, required=False)


def _flag(label: Label, *, initial: bool = True) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=initial)


def _number(label: Label, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high, required=False)


def _text(label: Label, help_text: Label = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=300)


def _endpoint(label: Label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=300,
        help_text=_("Leave empty for the platform's own address (tests and demos change it)."),
    )


SECRET_LABELS = {
    "access_token": _("Access token"),
    "app_secret": _("App secret"),
    "verify_token": _("Webhook verify token"),
    "bearer_token": _("Bearer token (app-only)"),
    "refresh_token": _("Refresh token"),
    "client_id": _("Client id"),
    "client_secret": _("Client secret"),
    "api_key": _("API key"),
    "username": _("Reddit username (script apps only)"),
    "password": _("Reddit password (script apps only)"),
    "bot_token": _("Bot token (xoxb-…)"),
    "signing_secret": _("Signing secret"),
}


def _config_fields(kind: str) -> dict[str, forms.Field]:
    retention = _number(_("Keep internal messages for (days)"), 1, 3650)
    fields: dict[str, dict[str, forms.Field]] = {
        "meta": {
            "pages": _lines(_("Facebook Page ids"), _("Numeric Page ids, one per line.")),
            "instagram_accounts": _lines(
                _("Instagram business account ids"), _("Numeric ids, one per line.")
            ),
            "ratings": _flag(_("Read Page ratings and reviews")),
            "tags": _flag(_("Read Instagram media the account is tagged in")),
            "direct_messages": _flag(
                _("Read Messenger and Instagram conversations with the Page"), initial=False
            ),
            "api_version": _text(_("Graph API version"), _("For example v21.0.")),
            "api_base": _endpoint(_("Graph API address")),
        },
        "x": {
            "searches": _lines(
                _("Recent searches"), _("X search queries for the brand, one per line.")
            ),
            "user_ids": _lines(_("Own account ids"), _("Numeric user ids, one per line.")),
            "mentions": _flag(_("Read mentions of the own accounts")),
            "direct_messages": _flag(_("Read direct messages (needs a user token with dm.read)")),
            "monthly_read_budget": _number(_("Monthly read budget (posts)"), 1, 10_000_000),
            "api_base": _endpoint(_("X API address")),
        },
        "linkedin": {
            "organizations": _lines(
                _("Organisation ids"), _("Numbers or urn:li:organization:…, one per line.")
            ),
            "comments": _flag(_("Read comments on the newest posts")),
            "api_version": _text(_("LinkedIn-Version"), _("YYYYMM, for example 202411.")),
            "api_base": _endpoint(_("LinkedIn API address")),
            "oauth_base": _endpoint(_("LinkedIn sign-in address")),
        },
        "youtube": {
            "channel_ids": _lines(_("Own channel ids"), _("UC… ids, one per line.")),
            "searches": _lines(_("Searches for brand mentions"), _("One query per line.")),
            "comments": _flag(_("Read comments on the own channel")),
            "daily_quota": _number(_("Daily quota (units)"), 100, 10_000_000),
            "api_base": _endpoint(_("YouTube API address")),
            "oauth_base": _endpoint(_("Google sign-in address")),
        },
        "reddit": {
            "subreddits": _lines(_("Subreddits"), _("Names without r/, one per line.")),
            "searches": _lines(_("Searches"), _("One query per line.")),
            "comments": _flag(_("Read new comments in the subreddits")),
            "user_agent": _text(
                _("User agent"), _("As Reddit asks: platform:app-id:version (by /u/account).")
            ),
            "api_base": _endpoint(_("Reddit API address")),
            "auth_base": _endpoint(_("Reddit sign-in address")),
        },
        "slack": {
            "channels": _lines(_("Channel ids"), _("C… ids of public channels, one per line.")),
            "team_id": _text(
                _("Workspace id"), _("T… id; events from other workspaces are refused.")
            ),
            "retention_days": retention,
            "backfill_days": _number(_("History to read on the first poll (days)"), 0, 3650),
            "api_base": _endpoint(_("Slack API address")),
        },
        "viva_engage": {
            "tenant": _text(_("Entra ID tenant"), _("Tenant id or domain.")),
            "group_ids": _lines(
                _("Community ids"), _("Numeric Viva Engage group ids, one per line.")
            ),
            "retention_days": retention,
            "engage_base": _endpoint(_("Viva Engage API address")),
            "graph_base": _endpoint(_("Microsoft Graph address")),
            "login_base": _endpoint(_("Microsoft sign-in address")),
        },
        "chatter": {
            "instance_url": _text(
                _("Salesforce instance"), _("https://yourcompany.my.salesforce.com")
            ),
            "group_ids": _lines(_("Chatter group ids"), _("0F9… record ids, one per line.")),
            "api_version": _text(_("API version"), _("For example v61.0.")),
            "retention_days": retention,
        },
    }
    return fields.get(kind, {})


PLATFORM_KINDS = ("meta", "x", "linkedin", "youtube", "reddit", "slack", "viva_engage", "chatter")


class PlatformConnectorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False
    )
    contact = forms.ModelChoiceField(
        label=_("Contact when it fails"),
        queryset=Person.objects.none(),
        required=False,
        help_text=_("Empty: the channel's owner is told."),
    )
    poll_interval_seconds = forms.IntegerField(
        label=_("Poll every (seconds)"), min_value=60, max_value=86_400, initial=300
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self,
        *args: Any,
        kind: str,
        channels: Any,
        people: Any,
        stored_secrets: frozenset[str] = frozenset(),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.config_names = list(_config_fields(kind))
        self.fields["channel"].queryset = channels  # type: ignore[attr-defined]
        self.fields["contact"].queryset = people  # type: ignore[attr-defined]
        for name, field in _config_fields(kind).items():
            self.fields[f"config_{name}"] = field
        self.secret_names = list(source_spec(kind).secret_names)
        for name in self.secret_names:
            stored = name in stored_secrets
            self.fields[f"secret_{name}"] = forms.CharField(
                label=SECRET_LABELS.get(name, name),
                required=False,
                max_length=5000,
                strip=True,
                widget=forms.PasswordInput(render_value=False),
                help_text=_("Stored; leave empty to keep it.") if stored else "",
            )

    @classmethod
    def initial_from(cls, connector: Any) -> dict[str, Any]:
        initial = {
            "name": connector.name,
            "channel": connector.channel_id,
            "contact": connector.contact_id,
            "poll_interval_seconds": connector.poll_interval_seconds,
            "is_active": connector.is_active,
        }
        for name, value in (connector.config or {}).items():
            initial[f"config_{name}"] = value
        return initial

    def config(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name in self.config_names:
            value = self.cleaned_data.get(f"config_{name}")
            if value not in (None, "", []) or isinstance(value, bool):
                values[name] = value
        return values

    def secrets(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"secret_{name}"]
            for name in self.secret_names
            if self.cleaned_data.get(f"secret_{name}")
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            source_spec(self.kind).validate_config(self.config())
        except (InvalidConfiguration, ValueError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


def merged_secrets(stored: Mapping[str, Any], entered: Mapping[str, str]) -> dict[str, str]:
    """Blank fields keep what is stored; a new value replaces it."""
    kept = {k: v for k, v in stored.items() if isinstance(v, str) and v}
    return {**kept, **entered}
