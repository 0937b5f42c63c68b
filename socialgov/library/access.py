"""Which library releases people may see: everyone signed in; nobody writes through the UI."""

from __future__ import annotations

from typing import Any

from django.db import models

from socialgov.core.permissions import AnyUser, M, Policy, register
from socialgov.library.models import LibraryRelease


@register(LibraryRelease)
class LibraryReleasePolicy(Policy):
    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset

    def can_create(self, user: AnyUser) -> bool:
        return False

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        return False
