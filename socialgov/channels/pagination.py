"""Pagination that stays fast deep into a large register.

Django's OFFSET joins every skipped row to the owner, deputy and org unit before throwing it
away. Here the page's ids come first from the index alone, then only those rows are loaded
with their relations: one query more, but the deep pages cost about what the first one does.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework.request import Request

from socialgov.core.pagination import BoundedLimitOffsetPagination


class IdsFirstLimitOffsetPagination(BoundedLimitOffsetPagination):
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
