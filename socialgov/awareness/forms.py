from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from socialgov.awareness.models import Recurrence, TrainingModule
from socialgov.policies.forms import AudienceForm


class CampaignForm(AudienceForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    modules = forms.ModelMultipleChoiceField(
        label=_("Training modules"), queryset=TrainingModule.objects.none()
    )
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)

    field_order = ["title", "modules", "recurrence"]

    def __init__(self, *args: Any, modules: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["modules"].queryset = modules  # type: ignore[attr-defined]
        self.order_fields(self.field_order)


def answers_from_post(data: Any) -> dict[str, list[str]]:
    """Quiz answers posted as q_<question key> fields, one value per ticked choice."""
    return {
        name[2:]: [str(value) for value in data.getlist(name)]
        for name in data
        if name.startswith("q_")
    }
