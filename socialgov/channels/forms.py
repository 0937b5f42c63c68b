"""HTML forms. They only shape input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import (
    AccessGrant,
    Audience,
    Channel,
    ChannelStatus,
    DiscoveredAccount,
    LinkedAccount,
    Platform,
    Purpose,
    ReviewDecisionChoice,
    Triage,
)
from socialgov.core.models import EmploymentStatus, Person

CHANNEL_FIELDS = [
    "platform",
    "handle",
    "url",
    "display_name",
    "purpose",
    "audience",
    "brand",
    "org_unit",
    "status",
    "owner",
    "deputy",
    "reach",
    "verified",
    "started_on",
    "description",
    "mfa",
    "credential_custody",
    "recovery_email_owned",
    "recovery_phone_owned",
    "third_party_apps",
    "admin_count",
    "review_every_days",
]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's validation error on the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def active_people() -> Any:
    return Person.objects.filter(employment_status=EmploymentStatus.ACTIVE).order_by(
        "last_name", "first_name"
    )


class _ServiceValidatedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form whose model-level checks are left to the service it feeds."""

    def _post_clean(self) -> None:
        pass


class ChannelForm(_ServiceValidatedModelForm):
    class Meta:
        model = Channel
        fields = CHANNEL_FIELDS
        widgets = {
            "started_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "url": forms.TextInput(),
        }
        # The service checks the URL against the platform; a plain text field keeps the form
        # from guessing a scheme.
        field_classes = {"url": forms.CharField}

    def __init__(self, *args: Any, owner_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handle"].help_text = _("As you know it: @name, a profile URL, a phone number.")
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            c for c in ChannelStatus.choices if c[0] != ChannelStatus.ORPHANED
        ]
        owners = owner_choices if owner_choices is not None else active_people()
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = active_people()  # type: ignore[attr-defined]


class ChannelEditForm(ChannelForm):
    class Meta(ChannelForm.Meta):
        fields = [name for name in CHANNEL_FIELDS if name not in ("owner", "deputy")]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.ModelForm.__init__(self, *args, **kwargs)
        if self.instance.status == ChannelStatus.ORPHANED:
            self.fields["status"].disabled = True
        else:
            self.fields["status"].choices = [  # type: ignore[attr-defined]
                c for c in ChannelStatus.choices if c[0] != ChannelStatus.ORPHANED
            ]


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    deputy = forms.ModelChoiceField(
        label=_("Deputy"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_people()  # type: ignore[attr-defined]
        self.fields["deputy"].queryset = active_people()  # type: ignore[attr-defined]


class ChannelFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), max_length=100, required=False)
    platform = forms.ChoiceField(
        label=_("Platform"), choices=[("", _("All platforms")), *Platform.choices], required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"), choices=[("", _("All purposes")), *Purpose.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *ChannelStatus.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("Audience"), choices=[("", _("Both audiences")), *Audience.choices], required=False
    )


class GrantForm(_ServiceValidatedModelForm):
    class Meta:
        model = AccessGrant
        fields = ["person", "external_name", "agency", "role", "granted_on", "note"]
        widgets = {"granted_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = active_people()  # type: ignore[attr-defined]
        self.fields["granted_on"].required = False


class DecisionForm(forms.Form):
    grant = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label=_("Decision"), choices=ReviewDecisionChoice.choices)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class LinkedAccountForm(_ServiceValidatedModelForm):
    class Meta:
        model = LinkedAccount
        fields = ["platform", "handle", "url", "relation", "watch", "consent_given"]
        widgets = {"url": forms.TextInput()}
        field_classes = {"url": forms.CharField}
        labels = {
            "consent_given": _(
                "I agree that the organisation watches this account for what I chose above."
            )
        }


class DiscoveredAccountForm(_ServiceValidatedModelForm):
    class Meta:
        model = DiscoveredAccount
        fields = [
            "platform",
            "handle",
            "url",
            "display_name",
            "evidence",
            "similarity",
            "resembles",
        ]
        widgets = {"url": forms.TextInput(), "evidence": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"url": forms.CharField}

    def __init__(self, *args: Any, resembles_choices: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if resembles_choices is not None:
            self.fields["resembles"].queryset = resembles_choices  # type: ignore[attr-defined]
        self.fields["handle"].required = False


class TriageForm(forms.Form):
    triage = forms.ChoiceField(
        label=_("This account is"), choices=[c for c in Triage.choices if c[0] != Triage.NEW]
    )
    note = forms.CharField(label=_("Note"), max_length=1000, required=False)
    owner = forms.ModelChoiceField(
        label=_("Owner, when it is ours"), queryset=Person.objects.none(), required=False
    )
    purpose = forms.ChoiceField(
        label=_("Purpose, when it is ours"), choices=[("", "—"), *Purpose.choices], required=False
    )
    audience = forms.ChoiceField(
        label=_("Audience, when it is ours"),
        choices=[("", "—"), *Audience.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = active_people()  # type: ignore[attr-defined]


class ChannelImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload
