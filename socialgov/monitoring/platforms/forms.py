"""Configuration forms for the platform connectors: which pages, accounts, communities or
searches to watch (the fields come from the platform module), and the credentials (write-only:
a blank field keeps the stored value).

The form collects the fields; the connector's own `validate_config` decides what is valid, so
the HTML form, the API and the command line accept exactly the same configurations.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel, LinkedAccount
from socialgov.core.models import Person
from socialgov.engine.sources import InvalidConfiguration, source_spec
from socialgov.monitoring.platforms.registry import platform_for

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


class LinkedAccountField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        account: LinkedAccount = obj
        return f"{account.person} · {account.get_platform_display()} {account.handle}"


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
        linked_accounts: Any = None,
        linked_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if linked_only:
            del self.fields["channel"]
        if linked_accounts is not None and (linked_only or linked_accounts.exists()):
            # Only for governance leads, and only accounts whose owner consented (the caller's
            # queryset, monitoring.linked_accounts.linked_accounts_collectable).
            self.fields["linked_account"] = LinkedAccountField(
                label=_("Linked private account"),
                queryset=linked_accounts,
                required=linked_only,
                help_text=_(
                    "Reads this employee's public posts about the organisation, as they "
                    "consented; only they and the governance leads see what is collected, and "
                    "withdrawing the declaration deletes it."
                ),
            )
        self.kind = kind
        config_fields = platform_for(kind).config_fields()
        self.config_names = list(config_fields)
        if "channel" in self.fields:
            self.fields["channel"].queryset = channels  # type: ignore[attr-defined]
        self.fields["contact"].queryset = people  # type: ignore[attr-defined]
        for name, field in config_fields.items():
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
        if cleaned.get("linked_account") and cleaned.get("channel"):
            message = _("A linked private account's connector belongs to no channel.")
            raise forms.ValidationError({"channel": message})
        try:
            source_spec(self.kind).validate_config(self.config())
        except (InvalidConfiguration, ValueError, TypeError) as error:
            raise forms.ValidationError(str(error)) from error
        return cleaned


def merged_secrets(stored: Mapping[str, Any], entered: Mapping[str, str]) -> dict[str, str]:
    """Blank fields keep what is stored; a new value replaces it."""
    kept = {k: v for k, v in stored.items() if isinstance(v, str) and v}
    return {**kept, **entered}
