"""The API's pagination: `limit` and `offset` (or `page_size` for `limit`), both bounded.

Without a cap `?limit=1000000` returned a whole table, and an offset past what the database can
hold as an integer failed with a server error; both are now clipped to what makes sense. A value
that is no whole number at all (`?limit=abc`, `?offset=-1`) is a 400 naming the parameter, as
for every other integer query parameter (core.api_base.query_int), not silently the default.
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from socialgov.core.api_base import query_int

MAX_LIMIT = 500
# Well inside a 64-bit signed integer, the largest OFFSET every supported database accepts.
MAX_OFFSET = 2**31 - 1


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT
    page_size_query_param = "page_size"

    def get_limit(self, request: Request) -> int | None:
        for name in (self.limit_query_param, self.page_size_query_param):
            # Any size past the cap is the cap (a client asking for "everything" gets pages).
            limit = _clipped(request.query_params, name, minimum=1, cap=self.max_limit)
            if limit is not None:
                return limit
        return self.default_limit

    def get_offset(self, request: Request) -> int:
        offset = _clipped(request.query_params, self.offset_query_param, minimum=0, cap=MAX_OFFSET)
        return offset or 0

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_limit})
        parameters.append(
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Another name for limit.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_limit},
            }
        )
        return parameters


def _clipped(params: Any, name: str, *, minimum: int, cap: int) -> int | None:
    """A whole number no larger than `cap`, None when absent; not a whole number: a 400."""
    text = str(params.get(name, "")).strip()
    if text.isascii() and text.isdigit() and len(text) > 18:
        return cap  # well formed, past any table: the last page rather than an error
    number = query_int(params, name, minimum=minimum)
    return None if number is None else min(number, cap)
