"""Form fields the platform modules build their configuration forms from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# A label or help text: plain or lazily translated.
Label = Any


class LinesField(forms.CharField):
    """One value per line (ids, searches), stored as a list."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in str(text).splitlines() if line.strip()]


def lines(label: Label, help_text: Label = "") -> LinesField:
    return LinesField(label=label, help_text=help_text, required=False)


def flag(label: Label, *, initial: bool = True) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, initial=initial)


def number(label: Label, low: int, high: int) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=low, max_value=high, required=False)


def text(label: Label, help_text: Label = "") -> forms.CharField:
    return forms.CharField(label=label, help_text=help_text, required=False, max_length=300)


def endpoint(label: Label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=300,
        help_text=_("Leave empty for the platform's own address (tests and demos change it)."),
    )


def retention_days() -> forms.IntegerField:
    """The internal platforms' retention (see `pipeline.retention`)."""
    return number(_("Keep internal messages for (days)"), 1, 3650)
