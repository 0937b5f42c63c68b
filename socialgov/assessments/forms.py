from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.assessments.models import Assessment, MaturityModel
from socialgov.core.models import OrgUnit, Person


class AssessmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    model = forms.ModelChoiceField(label=_("Maturity model"), queryset=MaturityModel.objects.none())
    org_unit = forms.ModelChoiceField(
        label=_("Org unit (empty: whole organisation)"),
        queryset=OrgUnit.objects.none(),
        required=False,
    )
    respondents = forms.ModelMultipleChoiceField(
        label=_("Respondents"), queryset=Person.objects.none()
    )
    previous = forms.ModelChoiceField(
        label=_("Compare with"), queryset=Assessment.objects.none(), required=False
    )

    def __init__(
        self, *args: Any, models: Any, units: Any, people: Any, previous: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].queryset = models  # type: ignore[attr-defined]
        self.fields["org_unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["respondents"].queryset = people  # type: ignore[attr-defined]
        self.fields["previous"].queryset = previous  # type: ignore[attr-defined]


class GapTasksForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Owner of the tasks"), queryset=Person.objects.none())
    due_date = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
