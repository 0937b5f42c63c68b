from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import TaskStatus, TokenScope
from socialgov.core.services.tokens import MAX_TOKEN_DAYS


class PeopleImportForm(forms.Form):
    KIND_CHOICES = [("people", _("People")), ("org_units", _("Org units"))]

    kind = forms.ChoiceField(label=_("What the file holds"), choices=KIND_CHOICES)
    file = forms.FileField(label=_("CSV or XLSX file"))
    deactivate_missing = forms.BooleanField(
        label=_("People missing from the file have left the organisation"), required=False
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


class TaskStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices)
    days = forms.IntegerField(
        label=_("Valid for (days)"), min_value=1, max_value=MAX_TOKEN_DAYS, initial=30
    )
