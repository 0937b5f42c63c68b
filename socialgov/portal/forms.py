from django import forms
from django.utils.translation import gettext_lazy as _


class IssueReportForm(forms.Form):
    summary = forms.CharField(label=_("What happened?"), max_length=250)
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    link = forms.URLField(
        label=_("Link to the post or account"),
        required=False,
        max_length=2000,
        assume_scheme="https",
    )
    urgent = forms.BooleanField(
        label=_("Urgent (a hacked account, a crisis, a leak)"), required=False
    )
