from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.reports.models import ReportLanguage
from socialgov.reports.periods import PERIOD_LABELS


class BoardReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIOD_LABELS.items()))
    end = forms.DateField(
        label=_("Last day of the period"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language"), choices=ReportLanguage.choices)


class ExportForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=list(PERIOD_LABELS.items()))
    end = forms.DateField(label=_("Last day of the period"))
