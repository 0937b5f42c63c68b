from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from socialgov.core.audit import audit_record
from socialgov.core.models import OrgUnit, RoleAssignment, ScopeType, User
from socialgov.core.permissions import forget_roles


@transaction.atomic
def role_assign(
    *,
    actor: User | None,
    user: User,
    role: str,
    org_unit: OrgUnit | None = None,
    scope_object: models.Model | None = None,
) -> RoleAssignment:
    """Give `user` a role over the organisation, an org unit subtree or one object (idempotent)."""
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
    if existing is not None:
        return existing
    assignment = RoleAssignment(**lookup)
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
        },
    )
    return assignment


@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> None:
    audit_record(
        actor=actor,
        verb="role.revoke",
        target=assignment,
        changes={"user": assignment.user.get_username(), "role": assignment.role},
    )
    assignment.delete()
    forget_roles(assignment.user)
