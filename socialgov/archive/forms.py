from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.archive.models import ItemKind
from socialgov.channels.models import Channel

DATE = forms.DateInput(attrs={"type": "date"})


class SearchForm(forms.Form):
    text = forms.CharField(label=_("Words"), max_length=200, required=False)
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False
    )
    author = forms.CharField(label=_("Author"), max_length=200, required=False)
    platform = forms.CharField(label=_("Platform"), max_length=40, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *ItemKind.choices], required=False
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args: Any, channels: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels  # type: ignore[attr-defined]


class LegalHoldForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    channel = forms.ModelChoiceField(
        label=_("Channel"), queryset=Channel.objects.none(), required=False
    )
    author = forms.CharField(label=_("Author"), max_length=200, required=False)
    period_start = forms.DateField(label=_("From"), required=False, widget=DATE)
    period_end = forms.DateField(label=_("Until"), required=False, widget=DATE)
    query = forms.CharField(label=_("Search text"), max_length=200, required=False)

    def __init__(self, *args: Any, channels: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = channels  # type: ignore[attr-defined]
