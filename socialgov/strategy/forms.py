from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel
from socialgov.core.models import Person
from socialgov.strategy.models import UsageType

DATE = forms.DateInput(attrs={"type": "date"})


class ObjectiveForm(forms.Form):
    title = forms.CharField(label=_("Objective"), max_length=300)
    usage_type = forms.ChoiceField(label=_("Usage type"), choices=UsageType.choices)
    channel = forms.ModelChoiceField(
        label=_("Channel (empty: the whole usage type)"),
        queryset=Channel.objects.none(),
        required=False,
    )
    kpi = forms.CharField(label=_("KPI"), max_length=200)
    unit = forms.CharField(label=_("Unit"), max_length=30, required=False)
    baseline_value = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=2
    )
    target_value = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    current_value = forms.DecimalField(
        label=_("Current value"), required=False, max_digits=14, decimal_places=2
    )
    period_start = forms.DateField(label=_("Period start"), widget=DATE)
    period_end = forms.DateField(label=_("Period end"), widget=DATE)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=Person.objects.none())
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, people: Any = None, channels: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["channel"].queryset = channels  # type: ignore[attr-defined]
