"""Payloads made safe for every database the pipeline writes to."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def json_safe(value: Any, depth: int = 0) -> Any:
    """A payload every database stores: no NUL characters and no lone surrogates in strings
    (PostgreSQL refuses both in jsonb, and one such post would block its whole batch)."""
    if depth > 50:
        return None
    if isinstance(value, str):
        return value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, Mapping):
        return {json_safe(str(k), depth + 1): json_safe(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item, depth + 1) for item in value]
    if isinstance(value, float):
        return value if math.isfinite(value) else None  # NaN and Infinity are not JSON
    if value is None or isinstance(value, bool | int):
        return value
    return json_safe(str(value), depth + 1)
