from __future__ import annotations

from collections.abc import Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from socialgov.core.audit import audit_record
from socialgov.core.models import OrgUnit, RoleAssignment, RoleSource, ScopeType, User
from socialgov.core.permissions import forget_roles


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    org_unit: OrgUnit | None = None,
    scope_object: models.Model | None = None,
    source: str = RoleSource.MANUAL,
) -> RoleAssignment:
    """Give `user` a role over the organisation, an org unit subtree or one object (idempotent).
    A role a person grants here that the identity provider had granted becomes theirs, so the
    provider no longer takes it back."""
    if org_unit is not None and scope_object is not None:
        raise ValueError("a role is scoped to an org unit or to an object, not both")
    lookup: dict[str, object] = {"user": user, "role": role}
    if org_unit is not None:
        lookup.update(scope_type=ScopeType.ORG_UNIT, org_unit=org_unit)
    elif scope_object is not None:
        lookup.update(
            scope_type=ScopeType.OBJECT,
            content_type=ContentType.objects.get_for_model(scope_object),
            object_id=scope_object.pk,
        )
    else:
        lookup.update(scope_type=ScopeType.ORGANISATION)
    existing = RoleAssignment.objects.filter(**lookup).first()
    if existing is not None and source == RoleSource.MANUAL and existing.source != source:
        existing.source = RoleSource.MANUAL
        existing.save(update_fields=["source", "updated_at"])
        audit_record(actor=actor, verb="role.assign", target=existing, changes={"source": source})
    if existing is not None:
        return existing
    assignment = RoleAssignment(**lookup, source=source)
    assignment.full_clean()
    assignment.save()
    forget_roles(user)
    audit_record(
        actor=actor,
        verb="role.assign",
        target=assignment,
        changes={
            "user": user.get_username(),
            "role": role,
            "scope": assignment.scope_type,
            "org_unit": org_unit.pk if org_unit else None,
            "object": str(scope_object) if scope_object is not None else None,
            "source": source,
        },
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    audit_record(
        actor=actor,
        verb="role.revoke",
        target=assignment,
        changes={
            "user": assignment.user.get_username(),
            "role": assignment.role,
            "source": assignment.source,
        },
    )
    assignment.delete()
    forget_roles(assignment.user)


@transaction.atomic
def sso_roles_sync(*, user: User, roles: Sequence[str]) -> None:
    """The organisation-wide roles the identity provider's groups map to at this sign-in: each
    granted (as the provider's), and the provider's earlier grants it no longer lists revoked.
    A role granted here is never touched."""
    for role in roles:
        role_assign(actor=None, user=user, role=role, source=RoleSource.IDENTITY_PROVIDER)
    stale = RoleAssignment.objects.filter(user=user, source=RoleSource.IDENTITY_PROVIDER).exclude(
        role__in=roles
    )
    for assignment in stale.select_related("user"):
        role_revoke(actor=None, assignment=assignment)
