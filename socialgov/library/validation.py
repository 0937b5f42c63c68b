"""Checks every loader needs: translated texts, keys, numbers."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from socialgov.library.text import LANGUAGES

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
MAX_TEXT = 5000


def digest(value: Any) -> str:
    """A stable digest of JSON-like content (key order does not matter)."""
    payload = json.dumps(
        plain_keys(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def plain_keys(value: Any) -> Any:
    # YAML mappings may mix key types ({1: .., "a": ..}), which sort_keys cannot order; JSON
    # writes keys as strings anyway, so digests of well-formed documents do not change.
    if isinstance(value, Mapping):
        return {str(key): plain_keys(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain_keys(item) for item in value]
    return value


def parse_version(value: Any) -> tuple[int, ...] | None:
    text = str(value).strip() if isinstance(value, str | int | float) else ""
    if not re.fullmatch(r"\d{1,9}(\.\d{1,9}){0,3}", text):
        return None
    return tuple(int(part) for part in text.split("."))


def check_key(item: Mapping[str, Any], where: str) -> list[str]:
    key = item.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        return [f"{where}: 'key' must be lower-case letters, digits, '-' or '_' (got {key!r})"]
    return []


def check_text(
    item: Mapping[str, Any], name: str, where: str, *, required: bool = True
) -> list[str]:
    """A text given in every language the product speaks."""
    value = item.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, Mapping):
        return [f"{where}: '{name}' must give a text per language ({', '.join(LANGUAGES)})"]
    errors = []
    for language in LANGUAGES:
        text = value.get(language)
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: '{name}' has no {language} translation")
        elif len(text) > MAX_TEXT:
            errors.append(f"{where}: '{name}' ({language}) is longer than {MAX_TEXT} characters")
    extra = sorted(set(value) - set(LANGUAGES))
    if extra:
        errors.append(f"{where}: '{name}' has unknown languages {extra}")
    return errors


def check_text_list(item: Mapping[str, Any], name: str, where: str) -> list[str]:
    value = item.get(name, [])
    if not isinstance(value, list):
        return [f"{where}: '{name}' must be a list of translated texts"]
    errors = []
    for index, entry in enumerate(value):
        errors += check_text({name: entry}, name, f"{where}, {name} #{index + 1}")
    return errors


def check_int(item: Mapping[str, Any], name: str, where: str, low: int, high: int) -> list[str]:
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [f"{where}: '{name}' must be a whole number from {low} to {high} (got {value!r})"]
    return []


def check_choices(
    item: Mapping[str, Any], name: str, where: str, allowed: Iterable[str]
) -> list[str]:
    value = item.get(name, [])
    allowed = set(allowed)
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        return [f"{where}: '{name}' must be a list of names"]
    unknown = sorted(set(value) - allowed)
    if unknown:
        return [f"{where}: '{name}' has unknown values {unknown} (allowed: {sorted(allowed)})"]
    return []


def check_unknown_fields(item: Mapping[str, Any], allowed: Iterable[str], where: str) -> list[str]:
    unknown = sorted(set(item) - set(allowed))
    return [f"{where}: unknown fields {unknown}"] if unknown else []


def duplicates(keys: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for key in keys:
        if key in seen and key not in repeated:
            repeated.append(key)
        seen.add(key)
    return repeated


def mapping_items(
    items: list[Any], where: Any
) -> tuple[list[tuple[int, Mapping[str, Any]]], list[str]]:
    """The items that are mappings with their position; an error naming each one that is not.
    `where(index)` names an item's place (usually `Document.where`)."""
    found: list[tuple[int, Mapping[str, Any]]] = []
    errors: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            found.append((index, item))
        else:
            errors.append(f"{where(index)}: expected a mapping")
    return found, errors
