"""Generated texts in the reader's language.

A row whose text the system writes (an alert's title, a finding's reason, a task's title, a
notification's subject) stores a message: a key from the catalogue and its parameters, as
JSON. The text is composed when it is shown, with the template in the active language (the
reader's on a page, the recipient's in an e-mail), so one alert reads in Dutch for a Dutch
reader and in French for a French one. Each app registers its own keys next to its own
translations; the pure engine returns keys and parameters and never imports this.

A parameter is either plain content (a channel name, a handle, a word of a post: inserted as
it is and never translated), a nested message (translated in turn), or a list of those
(joined). The composed text is plain text: templates escape it like any other value, so a
hostile handle shows as the characters it is. Rows written before a key existed, or by people, keep
their free text, which is shown as it is.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

CATALOGUE: dict[str, Promise] = {}

# Parameters a stored row may carry, bounded so a hostile post cannot bloat a row.
MAX_PARAM_CHARS = 300
MAX_LIST_ITEMS = 20
MAX_DEPTH = 3


@dataclass(frozen=True)
class Message:
    """A key from the catalogue and its parameters; what a row stores instead of a sentence."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def of(cls, data: Any) -> Message | None:
        """The message stored on a row, to pass on (an incident titled after its alert)."""
        if not is_message(data):
            return None
        params = data.get("params")
        return cls(data["key"], dict(params) if isinstance(params, Mapping) else {})

    def as_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": {k: _param_json(v) for k, v in self.params.items()}}

    def text(self) -> str:
        """The sentence in the active language (plain text, for e-mails and logs)."""
        return message_text(self.as_json())

    def english(self) -> str:
        """The sentence in English: the fallback kept in the row's plain column."""
        with override("en"):
            return self.text()


def _param_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.as_json()
    if is_message(value):  # a message already stored on a row, nested as it is
        return {"key": value["key"], "params": dict(value.get("params") or {})}
    if is_localized(value):
        return {
            "localized": {str(k): str(v)[:MAX_PARAM_CHARS] for k, v in value["localized"].items()}
        }
    if isinstance(value, list | tuple):
        return [_param_json(item) for item in value[:MAX_LIST_ITEMS]]
    if isinstance(value, bool | int | float) or value is None:
        return value
    return str(value)[:MAX_PARAM_CHARS]


def register(templates: Mapping[str, Promise]) -> None:
    """Add an app's keys; a key is registered once (one copy of every text)."""
    for key, template in templates.items():
        if key in CATALOGUE and CATALOGUE[key] is not template:
            raise ValueError(f"message key {key!r} is already registered")
        CATALOGUE[key] = template


def is_message(data: Any) -> bool:
    return isinstance(data, Mapping) and isinstance(data.get("key"), str)


def is_localized(data: Any) -> bool:
    return isinstance(data, Mapping) and isinstance(data.get("localized"), Mapping)


def localized_param(texts: Mapping[str, str]) -> dict[str, Any]:
    """Content a person wrote in several languages (a policy's title), as a parameter: shown
    in the reader's language, or English when there is none in it."""
    return {"localized": dict(texts)}


def _compose(data: Any, depth: int) -> str | None:
    """The message in the active language, or None when it cannot be composed."""
    if depth > MAX_DEPTH:
        return None
    if isinstance(data, list):
        parts = [_compose(item, depth + 1) for item in data[:MAX_LIST_ITEMS]]
        if any(part is None for part in parts):
            return None
        return _("; ").join(part for part in parts if part is not None)
    if not is_message(data):
        return None
    template = CATALOGUE.get(data["key"])
    params = data.get("params") or {}
    if template is None or not isinstance(params, Mapping):
        return None
    values: dict[str, str | int | float] = {}
    for name, value in params.items():
        composed = _value(value, depth + 1)
        if composed is None:
            return None
        values[str(name)] = composed
    try:
        return str(template) % values if values else str(template)
    except (KeyError, TypeError, ValueError):
        logger.warning("message %s does not fit its parameters", data["key"])
        return None


def _value(value: Any, depth: int) -> str | int | float | None:
    if is_message(value):
        return _compose(value, depth)
    if isinstance(value, list):  # a list inside a sentence: "insult, threat"
        parts = [_value(item, depth + 1) for item in value[:MAX_LIST_ITEMS]]
        if any(part is None for part in parts):
            return None
        return ", ".join(str(part) for part in parts if part is not None)
    if is_localized(value):
        texts = value["localized"]
        language = (get_language() or "en").split("-")[0]
        return str(texts.get(language) or texts.get("en") or "")[:MAX_PARAM_CHARS]
    if isinstance(value, Mapping):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value  # kept a number, for templates with %(count)d
    return "" if value is None else str(value)[:MAX_PARAM_CHARS]


def message_text(data: Any, fallback: str = "") -> str:
    """Plain text in the active language; the stored free text when there is no message."""
    composed = _compose(data, depth=0) if data else None
    return fallback if composed is None else composed


def stored(message: Message | Sequence[Message] | str) -> tuple[str, Any]:
    """The plain column's text (English fallback, or the free text) and the JSON to store; a
    list of messages (several reasons) is kept as a list and joined when shown."""
    if isinstance(message, str):
        return message, {}
    if isinstance(message, Message):
        return message.english(), message.as_json()
    data = [item.as_json() for item in message[:MAX_LIST_ITEMS]]
    with override("en"):
        return message_text(data), data
