"""Who reads the usage figures: governance leads over the whole organisation, and the people a
governance lead granted read access to (the works council, the prevention advisor...).
Nobody else, admins and auditors included: CBA no. 81 limits who sees monitoring results, and
the audit log already tells an auditor who read what."""

from __future__ import annotations

from socialgov.core import permissions
from socialgov.core.models import Role
from socialgov.core.permissions import AnyUser
from socialgov.usage.models import UsageReaderGrant


def may_manage_usage(user: AnyUser) -> bool:
    """Upload logs, grant and revoke readers: an org-wide governance lead."""
    return user.is_authenticated and permissions.has_org_role(user, Role.GOVERNANCE_LEAD)


def may_read_usage(user: AnyUser) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if may_manage_usage(user):
        return True
    return UsageReaderGrant.objects.filter(user_id=user.pk).exists()
