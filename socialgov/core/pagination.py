"""The API's pagination: `limit` and `offset` (or `page_size` for `limit`), both bounded.

Without a cap `?limit=1000000` returned a whole table, and an offset past what the database can
hold as an integer failed with a server error; both are now clipped to what makes sense.
"""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import LimitOffsetPagination, _positive_int
from rest_framework.request import Request

MAX_LIMIT = 500
# Well inside a 64-bit signed integer, the largest OFFSET every supported database accepts.
MAX_OFFSET = 2**31 - 1


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    max_limit = MAX_LIMIT
    page_size_query_param = "page_size"

    def get_limit(self, request: Request) -> int | None:
        for name in (self.limit_query_param, self.page_size_query_param):
            if name in request.query_params:
                try:
                    return _positive_int(
                        request.query_params[name], strict=True, cutoff=self.max_limit
                    )
                except (KeyError, ValueError):
                    break
        return self.default_limit

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)

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
