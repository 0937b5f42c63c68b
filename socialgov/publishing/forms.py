from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.channels.models import Channel
from socialgov.publishing.models import Language

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class DraftForm(forms.Form):
    """The editor: one text for one or more channels (the channels only when creating)."""

    channels = forms.ModelMultipleChoiceField(
        label=_("Channels"), queryset=Channel.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(
        label=_("Text"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6})
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    scheduled_at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    image = forms.FileField(label=_("Image (JPEG, PNG, GIF or WebP, up to 8 MB)"), required=False)

    def __init__(self, *args: Any, channels: Any = None, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["channels"]
        else:
            self.fields["channels"].queryset = channels  # type: ignore[attr-defined]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Publish at"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
