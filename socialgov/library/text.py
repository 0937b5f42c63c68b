"""Library texts are stored per language; these helpers pick the one to show."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import get_language

LANGUAGES = ("en", "nl", "fr")


def localized(value: Any, language: str | None = None) -> str:
    """The text in the active language, falling back to English, then to any language."""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping) or not value:
        return ""
    language = (language or get_language() or "en")[:2]
    for candidate in (language, "en", *LANGUAGES):
        text = value.get(candidate)
        if isinstance(text, str) and text:
            return text
    return next((text for text in value.values() if isinstance(text, str)), "")


def localized_list(value: Any, language: str | None = None) -> list[str]:
    """A list of texts (each a per-language mapping) in the active language."""
    if not isinstance(value, list):
        return []
    return [localized(item, language) for item in value]
