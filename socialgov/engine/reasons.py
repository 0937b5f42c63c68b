"""Reasons that can be read in any language.

A reason is the English sentence the engine has always given (so the command line, the
evaluation and every `"; ".join(...)` keep working) that also carries a key and its parameters.
The engine knows no translations: the application maps each key to a translatable template and
composes the sentence in the reader's language. Parameters are what the engine saw (a word of
the post, a handle, a domain, a count) and are never translated, except a nested reason.
"""

from __future__ import annotations

from typing import Any

Param = str | int | float | tuple[Any, ...]


class Reason(str):
    """An English reason with its key and parameters; equal to, and usable as, its text."""

    key: str
    params: dict[str, Any]

    def __new__(cls, key: str, text: str, **params: Any) -> Reason:
        reason = super().__new__(cls, text)
        reason.key = key
        reason.params = params
        return reason

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, str(self), self.params))

    def as_message(self) -> dict[str, Any]:
        """The key (in the engine's namespace) and parameters, as plain JSON."""
        return {
            "key": f"engine.{self.key}",
            "params": {k: _plain(v) for k, v in self.params.items()},
        }


def _rebuild(key: str, text: str, params: dict[str, Any]) -> Reason:
    return Reason(key, text, **params)


def _plain(value: Any) -> Any:
    if isinstance(value, Reason):
        return value.as_message()
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, bool | int | float):
        return value
    return str(value)


def reason_messages(reasons: Any) -> Any:
    """One reason or several as JSON messages; empty when any of them is plain text, so the
    text is shown as it was written rather than half translated."""
    items = [reasons] if isinstance(reasons, str) else list(reasons)
    known = [item for item in items if isinstance(item, Reason)]
    if not known or len(known) != len(items):
        return {}
    messages = [item.as_message() for item in known]
    return messages[0] if isinstance(reasons, str) else messages
