"""Multilingual text kept as {"en": ..., "nl": ..., "fr": ...} and Markdown rendered inert.

Markdown comes from people (policy authors) and from the library; raw HTML in it is escaped,
never passed through, and links may only use web, mail and relative addresses.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

from socialgov.core.models import Language

LANGUAGES: tuple[str, ...] = tuple(Language.values)
SAFE_SCHEMES = ("http:", "https:", "mailto:")
MAX_MARKDOWN = 200_000


def _link_is_safe(url: str) -> bool:
    lowered = url.strip().lower()
    if ":" not in lowered.split("/", 1)[0]:
        return True  # relative address or anchor
    return lowered.startswith(SAFE_SCHEMES)


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")
_markdown.validateLink = _link_is_safe  # type: ignore[method-assign]


def render_markdown(source: str) -> SafeString:
    """HTML for trusted display of untrusted Markdown: raw HTML is shown as text."""
    html: str = _markdown.render(source[:MAX_MARKDOWN])
    return mark_safe(html)  # noqa: S308  (html disabled)


def localized(texts: Mapping[str, Any] | None, language: str | None = None) -> Any:
    """The text in the wanted language, else English, else any language there is."""
    if not texts:
        return ""
    language = (language or get_language() or "en")[:2]
    for candidate in (language, "en", *texts):
        value = texts.get(candidate)
        if value:
            return value
    return ""


def clean_translations(
    texts: object,
    *,
    field: str,
    required: tuple[str, ...] = (),
    max_length: int = MAX_MARKDOWN,
    optional: bool = False,
) -> dict[str, str]:
    """Validate a {language: text} mapping; `required` languages must be present and non-empty,
    and at least one language unless the text is `optional`."""
    if not isinstance(texts, Mapping):
        raise ValidationError({field: _("Give the text as a mapping from language to text.")})
    cleaned: dict[str, str] = {}
    for language, text in texts.items():
        if language not in LANGUAGES:
            raise ValidationError(
                {field: _("Unknown language %(language)r.") % {"language": language}}
            )
        if not isinstance(text, str):
            raise ValidationError({field: _("Each translation must be text.")})
        if len(text) > max_length:
            raise ValidationError({field: _("The text is too long.")})
        if text.strip():
            cleaned[language] = text.strip()
    missing = [language for language in required if language not in cleaned]
    if missing:
        raise ValidationError(
            {field: _("Missing translation: %(languages)s.") % {"languages": ", ".join(missing)}}
        )
    if not cleaned and not optional:
        raise ValidationError({field: _("Give the text in at least one language.")})
    return cleaned
