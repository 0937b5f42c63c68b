from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.monitoring.models import AlertCategory, AlertSeverity


class AlertFilterForm(forms.Form):
    STATUS_CHOICES = [
        ("open", _("Open or acknowledged")),
        ("", _("All")),
        ("resolved", _("Resolved")),
        ("false_positive", _("False positive")),
    ]

    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    severity = forms.ChoiceField(
        label=_("Severity"), choices=[("", _("Any")), *AlertSeverity.choices], required=False
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("Any")), *AlertCategory.choices], required=False
    )
    mine = forms.BooleanField(label=_("Only alerts routed to me"), required=False)


class AlertActionForm(forms.Form):
    ACTIONS = [
        ("acknowledge", _("Acknowledge")),
        ("resolve", _("Resolve")),
        ("false_positive", _("Mark as false positive")),
        ("open_task", _("Open a follow-up task")),
    ]

    action = forms.ChoiceField(choices=ACTIONS, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
