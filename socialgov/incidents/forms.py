"""Forms of the incident pages. Choices that depend on the incident (its steps, risks,
grants, posts) are checked by the services, which refuse anything not linked to it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.incidents.models import IncidentKind, IncidentSeverity, IncidentStatus

BLANK: list[tuple[str, Any]] = [("", "—")]


class IncidentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[*BLANK, ("active", _("Open or contained")), *IncidentStatus.choices],
        required=False,
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=BLANK + IncidentSeverity.choices, required=False
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + IncidentKind.choices, required=False)


class FromAlertsForm(forms.Form):
    """The alerts ticked (`alert`, repeated); each is checked against what the user may see and
    handle in the view."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BLANK + IncidentKind.choices, required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = self.data.getlist("alert") if hasattr(self.data, "getlist") else []
        ids = sorted({int(value) for value in values if str(value).isdigit()})
        if not ids or len(ids) > 50:
            raise forms.ValidationError(_("Choose from 1 to 50 alerts."))
        cleaned["alert"] = ids
        return cleaned


class IncidentOpenForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    severity = forms.ChoiceField(label=_("Severity"), choices=IncidentSeverity.choices)
    description = forms.CharField(
        label=_("Description"),
        max_length=20_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=IncidentStatus.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    cause = forms.CharField(
        label=_("Cause"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 3})
    )
    worked = forms.CharField(
        label=_("What worked"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.CharField(
        label=_("What to change"),
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RiskChangeForm(forms.Form):
    risk = forms.IntegerField(label=_("Risk"))
    likelihood = forms.IntegerField(
        label=_("New likelihood"), required=False, min_value=1, max_value=10
    )
    control = forms.IntegerField(label=_("Control to add"), required=False)
    note = forms.CharField(label=_("Why"), max_length=2000, required=False)


class IdForm(forms.Form):
    """One object chosen on the page: a step, a playbook, a post, an account or a grant."""

    target = forms.IntegerField(min_value=1)
    note = forms.CharField(max_length=2000, required=False)
    moderation = forms.ChoiceField(choices=[("hide", "hide"), ("delete", "delete")], required=False)
