from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Platform, Purpose
from socialgov.core.api_base import MAX_INTEGER
from socialgov.core.models import Person
from socialgov.risks.models import Control, Effectiveness, RiskMatrix, RiskStatus, Treatment

BLANK: list[tuple[str, Any]] = [("", "—")]
LEVELS: list[tuple[str, Any]] = [
    ("low", _("Low")),
    ("medium", _("Medium")),
    ("high", _("High")),
    ("critical", _("Critical")),
]


def _id_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, min_value=1, max_value=MAX_INTEGER, required=False, widget=forms.HiddenInput
    )


class RiskFilterForm(forms.Form):
    """The small filters; channel and owner menus are drawn by the template (hundreds of options
    through the widget machinery would cost more than the rest of the page)."""

    platform = forms.ChoiceField(
        label=_("Platform"), choices=BLANK + Platform.choices, required=False
    )
    purpose = forms.ChoiceField(label=_("Purpose"), choices=BLANK + Purpose.choices, required=False)
    level = forms.ChoiceField(label=_("Residual level"), choices=BLANK + LEVELS, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=BLANK + RiskStatus.choices, required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    reassess = forms.BooleanField(label=_("To re-assess only"), required=False)
    # Not drawn as fields (the menus above, the heat map's links), but checked like them: a value
    # that is no id is an error shown on the page, not a server error nor silently ignored.
    channel = _id_field(_("Channel"))
    owner = _id_field(_("Risk owner"))
    risk_type = _id_field(_("Risk type"))
    likelihood = _id_field(_("Likelihood"))
    impact = _id_field(_("Impact"))
    matrix = _id_field(_("Matrix"))
    side = forms.ChoiceField(
        label=_("Heat map side"),
        choices=[*BLANK, ("inherent", _("Inherent")), ("residual", _("Residual"))],
        required=False,
        widget=forms.HiddenInput,
    )


class MatrixChoiceForm(forms.Form):
    matrix = forms.ModelChoiceField(
        label=_("Matrix for new risks"), queryset=RiskMatrix.objects.filter(retired=False)
    )


def _score_field(label: Any, size: int) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, coerce=int, choices=[(n, str(n)) for n in range(1, size + 1)]
    )


class RescoreForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the change"), max_length=500, required=False)
    residual_justification = forms.CharField(
        label=_("Why the residual risk is higher (if it is)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
        required=False,
    )

    def __init__(self, *args: Any, size: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inherent_likelihood"] = _score_field(_("Inherent likelihood"), size)
        self.fields["inherent_impact"] = _score_field(_("Inherent impact"), size)
        self.fields["residual_likelihood"] = _score_field(_("Residual likelihood"), size)
        self.fields["residual_impact"] = _score_field(_("Residual impact"), size)
        self.order_fields(
            [
                "inherent_likelihood",
                "inherent_impact",
                "residual_likelihood",
                "residual_impact",
                "residual_justification",
                "reason",
            ]
        )


class ApplyControlForm(forms.Form):
    control = forms.ModelChoiceField(
        label=_("Control"), queryset=Control.objects.filter(retired=False)
    )
    effectiveness = forms.ChoiceField(label=_("Effectiveness"), choices=Effectiveness.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class TreatmentForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    due_date = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))
    owner = forms.ModelChoiceField(
        label=_("Owner (default: the risk owner)"),
        queryset=Person.objects.filter(employment_status="active"),
        required=False,
    )


class AcceptForm(forms.Form):
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class RiskUpdateForm(forms.Form):
    treatment = forms.ChoiceField(
        label=_("Treatment"), choices=[c for c in Treatment.choices if c[0] != Treatment.ACCEPT]
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[c for c in RiskStatus.choices if c[0] != RiskStatus.ACCEPTED]
    )
    owner = forms.ModelChoiceField(
        label=_("Risk owner"), queryset=Person.objects.filter(employment_status="active")
    )
    due_date = forms.DateField(
        label=_("Treatment due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class CustomRiskForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, size: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inherent_likelihood"] = _score_field(_("Likelihood"), size)
        self.fields["inherent_impact"] = _score_field(_("Impact"), size)


class KRIValueForm(forms.Form):
    value = forms.FloatField(label=_("Value"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class KRIForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    metric = forms.SlugField(
        label=_("Monitored figure"),
        max_length=100,
        required=False,
        help_text=_("e.g. impersonators_found; monitoring records values under this name."),
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    higher_is_worse = forms.BooleanField(label=_("Higher is worse"), required=False, initial=True)
    amber_threshold = forms.FloatField(label=_("Amber from"))
    red_threshold = forms.FloatField(label=_("Red from"))
