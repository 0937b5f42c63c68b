from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import OrgUnit, Person, Role
from socialgov.policies.audience import Audience
from socialgov.policies.models import PolicyCategory, PolicyTemplate

LANGUAGE_LABELS = (("en", _("English")), ("nl", _("Dutch")), ("fr", _("French")))


class TranslatedFieldsMixin:
    """Form fields named `<name>_<language>` gathered into {language: text}."""

    def translations(self, name: str) -> dict[str, str]:
        data: dict[str, Any] = self.cleaned_data  # type: ignore[attr-defined]
        return {code: data.get(f"{name}_{code}", "") for code, _label in LANGUAGE_LABELS}


def _translated(form: forms.Form, name: str, label: str, *, textarea: bool, required: str) -> None:
    for code, language in LANGUAGE_LABELS:
        widget = forms.Textarea(attrs={"rows": 12}) if textarea else forms.TextInput()
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})",
            required=code == required,
            widget=widget,
            max_length=200_000 if textarea else 300,
        )


class PolicyForm(TranslatedFieldsMixin, forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from a library template"),
        queryset=PolicyTemplate.objects.all(),
        required=False,
    )
    key = forms.SlugField(label=_("Key"), max_length=80)
    category = forms.ChoiceField(label=_("Category"), choices=PolicyCategory.choices)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    approver = forms.ModelChoiceField(
        label=_("Approver"), queryset=Person.objects.none(), required=False
    )
    review_date = forms.DateField(
        label=_("Next review"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translated(self, "title", str(_("Title")), textarea=False, required="")
        queryset = people if people is not None else Person.objects.none()
        self.fields["owner"].queryset = queryset  # type: ignore[attr-defined]
        self.fields["approver"].queryset = queryset  # type: ignore[attr-defined]


class VersionForm(TranslatedFieldsMixin, forms.Form):
    major = forms.BooleanField(
        label=_("Major change (everyone must acknowledge again)"), required=False
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translated(self, "title", str(_("Title")), textarea=False, required="")
        _translated(self, "body", str(_("Text (Markdown)")), textarea=True, required="")
        _translated(self, "change_summary", str(_("What changed")), textarea=True, required="")
        for code, _language in LANGUAGE_LABELS:
            self.fields[f"change_summary_{code}"].widget.attrs["rows"] = 3
        if editing:
            del self.fields["major"]


class AudienceForm(forms.Form):
    everyone = forms.BooleanField(label=_("Everyone"), required=False)
    org_units = forms.ModelMultipleChoiceField(
        label=_("Org units (with their sub-units)"),
        queryset=OrgUnit.objects.all(),
        required=False,
    )
    roles = forms.MultipleChoiceField(label=_("Roles"), choices=Role.choices, required=False)
    channel_ids = forms.CharField(
        label=_("Admins of channels (numbers, comma-separated)"), required=False, max_length=2000
    )
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_channel_ids(self) -> list[int]:
        raw = self.cleaned_data.get("channel_ids", "")
        try:
            return [int(part) for part in raw.replace(" ", "").split(",") if part]
        except ValueError:
            raise forms.ValidationError(_("Give channel numbers separated by commas.")) from None

    def audience(self) -> Audience:
        return Audience(
            everyone=self.cleaned_data["everyone"],
            org_units=list(self.cleaned_data["org_units"]),
            roles=list(self.cleaned_data["roles"]),
            channel_ids=self.cleaned_data["channel_ids"],
        )


def add_service_error(form: forms.Form, error: Any) -> None:
    """Show a service's ValidationError on the form, on the field it names when the form has it."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)
