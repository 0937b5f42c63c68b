"""The API's pagination: `limit` and `offset` (or `page_size` for `limit`), both bounded.

Without a cap `?limit=1000000` returned a whole table, and an offset past what the database can
hold as an integer failed with a server error; both are now clipped to what makes sense. A value
that is no whole number at all (`?limit=abc`, `?offset=-1`) is a 400 naming the parameter, as
for every other integer query parameter (core.api_base.query_int), not silently the default.

The large lists (posts, alerts) also take `cursor`: keyset pages (DRF's CursorPagination on the
list's ordering), which cost the same a million rows deep as on the first page, because the
database seeks to the position in the ordering's index instead of counting past every row
before it. A cursor page carries no `count`: counting a million rows is what it avoids.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import (
    Cursor,
    CursorPagination,
    LimitOffsetPagination,
)
from rest_framework.request import Request
from rest_framework.response import Response

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


class IdsFirstLimitOffsetPagination(BoundedLimitOffsetPagination):
    """Offset pages that stay fast deep into a large table.

    Django's OFFSET joins every skipped row to its related rows (select_related) before
    throwing it away. Here the page's ids come first from the index alone, then only those rows
    are loaded with their relations: one query more, but a deep page costs a walk of the index.
    """

    def paginate_queryset(  # type: ignore[override]
        self, queryset: models.QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        self.count = self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        ids = list(queryset.values_list("pk", flat=True)[self.offset : self.offset + self.limit])
        rows = {row.pk: row for row in queryset.filter(pk__in=ids)}
        return [rows[pk] for pk in ids if pk in rows]


CURSOR = "cursor"


class KeysetPagination(CursorPagination):
    """DRF's cursor pages, with a bad cursor answered 400 naming the field (DRF says 404, and a
    hand-made cursor whose position is no value of the ordering field reached the database)."""

    cursor_query_param = CURSOR
    invalid_cursor_message = _("Not a cursor from a next or previous link.")  # type: ignore[assignment]
    model: type[models.Model] | None = None

    def decode_cursor(self, request: Request) -> Cursor | None:
        try:
            cursor: Cursor | None = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({CURSOR: [self.invalid_cursor_message]}) from None
        if cursor is not None and cursor.position is not None and self.model is not None:
            name = str(self.ordering[0]).lstrip("-")
            try:
                self.model._meta.get_field(name).to_python(cursor.position)  # type: ignore[union-attr]
            except (DjangoValidationError, FieldDoesNotExist, TypeError, ValueError):
                raise ValidationError({CURSOR: [self.invalid_cursor_message]}) from None
        return cursor


class LimitOffsetOrCursorPagination(IdsFirstLimitOffsetPagination):
    """`limit`/`offset` pages with their `count` as on every list; with `cursor` (empty for the
    first page) keyset pages in the list's own ordering, `next`/`previous` links carrying it."""

    keyset: KeysetPagination | None = None

    def paginate_queryset(  # type: ignore[override]
        self, queryset: models.QuerySet[Any], request: Request, view: Any = None
    ) -> list[Any] | None:
        if CURSOR not in request.query_params:
            self.keyset = None
            return super().paginate_queryset(queryset, request, view)
        keyset = KeysetPagination()
        keyset.model = queryset.model
        keyset.ordering = tuple(
            str(field) for field in queryset.query.order_by or queryset.model._meta.ordering
        )
        keyset.page_size = self.get_limit(request) or self.default_limit
        self.keyset = keyset
        page: list[Any] | None = keyset.paginate_queryset(queryset, request, view)
        return page

    def get_paginated_response(self, data: Any) -> Response:
        if self.keyset is not None:
            return self.keyset.get_paginated_response(data)
        return super().get_paginated_response(data)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        paged = super().get_paginated_response_schema(schema)
        paged["required"] = ["results"]
        paged["properties"]["count"]["description"] = "Absent on cursor pages."
        return paged

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": CURSOR,
                "required": False,
                "in": "query",
                "description": (
                    "Keyset pages, as fast deep in the list as at its start: empty for the "
                    "first page, then the value in the next or previous link. Pages then "
                    "carry no count; offset is ignored."
                ),
                "schema": {"type": "string"},
            },
        ]


def _clipped(params: Any, name: str, *, minimum: int, cap: int) -> int | None:
    """A whole number no larger than `cap`, None when absent; not a whole number: a 400."""
    text = str(params.get(name, "")).strip()
    if text.isascii() and text.isdigit() and len(text) > 18:
        return cap  # well formed, past any table: the last page rather than an error
    number = query_int(params, name, minimum=minimum)
    return None if number is None else min(number, cap)
