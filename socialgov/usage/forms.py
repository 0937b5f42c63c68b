from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.core.models import User
from socialgov.usage.models import Identify, LogFormat, ReaderCapacity


class UploadForm(forms.Form):
    log = forms.FileField(label=_("Proxy or DNS log"), allow_empty_file=False)
    log_format = forms.ChoiceField(label=_("Format"), choices=LogFormat.choices)
    identify = forms.ChoiceField(
        label=_("Whom a Squid line belongs to"), choices=Identify.choices, initial=Identify.AUTO
    )


class ReaderGrantForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    capacity = forms.ChoiceField(label=_("Capacity"), choices=ReaderCapacity.choices)

    def clean_username(self) -> User:
        name = self.cleaned_data["username"].strip()
        user = User.objects.filter(username__iexact=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No active user has this user name."))
        return user
