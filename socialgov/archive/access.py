"""Legal holds are created and released only by admins, governance leads and the legal role;
the archive is read by them and the auditor (eDiscovery), never by others."""

from __future__ import annotations

from django.db import models

from socialgov.archive.models import ArchivedItem, LegalHold, RetentionRule
from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser, M, Policy, register

HOLDERS = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.LEGAL)


def can_hold(user: AnyUser) -> bool:
    return (
        user.is_authenticated
        and not permissions.is_read_only(user)
        and permissions.has_org_role(user, *HOLDERS)
    )


def can_search(user: AnyUser) -> bool:
    return user.is_authenticated and permissions.has_org_role(user, *HOLDERS, Role.AUDITOR)


@register(ArchivedItem, LegalHold, RetentionRule)
class ArchivePolicy(Policy):
    org_readers = (*HOLDERS, Role.AUDITOR)
    org_writers = HOLDERS

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.none()
