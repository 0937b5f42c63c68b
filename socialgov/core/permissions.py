"""One permission layer for selectors, API views and HTML views.

Every model that people can see registers a policy saying which rows a user may see and which
objects they may change. Org-wide readers (admin, governance lead, auditor) see everything by
default; the auditor never writes. Everything else is scoped by the policy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.db import models
from rest_framework.permissions import SAFE_METHODS, BasePermission

from socialgov.core.models import OrgUnit, Role, RoleAssignment, ScopeType, User
from socialgov.core.tokens import token_may_write

if TYPE_CHECKING:
    from rest_framework.request import Request
    from rest_framework.views import APIView

M = TypeVar("M", bound=models.Model)
AnyUser = User | AnonymousUser

_CACHE_ATTR = "_socialgov_role_assignments"


def role_assignments(user: AnyUser) -> list[RoleAssignment]:
    """The user's role assignments, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("org_unit"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: AnyUser) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: AnyUser) -> set[str]:
    roles = {assignment.role for assignment in role_assignments(user)}
    if user.is_authenticated and user.is_superuser:
        roles.add(Role.ADMIN)
    return roles


def has_role(user: AnyUser, *roles: str) -> bool:
    """Whether the user holds any of `roles`, at any scope."""
    return bool(roles_of(user) & set(roles))


def has_org_role(user: AnyUser, *roles: str) -> bool:
    """Whether the user holds any of `roles` over the whole organisation."""
    if user.is_authenticated and user.is_superuser and Role.ADMIN in roles:
        return True
    return any(
        a.role in roles and a.scope_type == ScopeType.ORGANISATION for a in role_assignments(user)
    )


def is_admin(user: AnyUser) -> bool:
    return has_org_role(user, Role.ADMIN)


def is_read_only(user: AnyUser) -> bool:
    """Auditors read and never write, whatever else they hold."""
    return has_role(user, Role.AUDITOR) and not has_org_role(user, Role.ADMIN)


def org_unit_paths(user: AnyUser, *roles: str) -> list[str]:
    return [
        a.org_unit.path
        for a in role_assignments(user)
        if a.role in roles and a.scope_type == ScopeType.ORG_UNIT and a.org_unit is not None
    ]


def org_unit_q(user: AnyUser, lookup: str, *roles: str) -> models.Q:
    """A filter on `lookup` (a path to an OrgUnit) matching the subtrees the user's roles cover."""
    query = models.Q(pk__in=[])
    for path in org_unit_paths(user, *roles):
        query |= models.Q(**{f"{lookup}__path__startswith": path})
    return query


def org_unit_ids(user: AnyUser, *roles: str) -> set[int]:
    paths = org_unit_paths(user, *roles)
    if not paths:
        return set()
    query = models.Q(pk__in=[])
    for path in paths:
        query |= models.Q(path__startswith=path)
    return set(OrgUnit.objects.filter(query).values_list("id", flat=True))


def object_ids(user: AnyUser, model: type[models.Model], *roles: str) -> set[int]:
    """Ids of `model` objects the user holds one of `roles` on directly."""
    label = model._meta.label_lower
    return {
        int(a.object_id)
        for a in role_assignments(user)
        if a.role in roles
        and a.scope_type == ScopeType.OBJECT
        and a.object_id is not None
        and a.content_type is not None
        and f"{a.content_type.app_label}.{a.content_type.model}" == label
    }


def person_id(user: AnyUser) -> int | None:
    return getattr(user, "person_id", None) if user.is_authenticated else None


class Policy:
    """Default: org-wide admins, governance leads and auditors read; admins and leads write."""

    org_readers: tuple[str, ...] = (Role.ADMIN, Role.GOVERNANCE_LEAD, Role.AUDITOR)
    org_writers: tuple[str, ...] = (Role.ADMIN, Role.GOVERNANCE_LEAD)

    def visible(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        if not user.is_authenticated:
            return queryset.none()
        if has_org_role(user, *self.org_readers):
            return queryset
        return self.visible_in_scope(user, queryset)

    def visible_in_scope(self, user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
        return queryset.none()

    def can_create(self, user: AnyUser) -> bool:
        return (
            user.is_authenticated
            and not is_read_only(user)
            and has_org_role(user, *self.org_writers)
        )

    def can_change(self, user: AnyUser, obj: Any) -> bool:
        if not user.is_authenticated or is_read_only(user):
            return False
        if has_org_role(user, *self.org_writers):
            return True
        return self.can_change_in_scope(user, obj)

    def can_change_in_scope(self, user: AnyUser, obj: Any) -> bool:
        return False


_policies: dict[type[models.Model], Policy] = {}


def register(*models_: type[models.Model]):  # type: ignore[no-untyped-def]
    def decorator(policy_class: type[Policy]) -> type[Policy]:
        for model in models_:
            _policies[model] = policy_class()
        return policy_class

    return decorator


def policy_for(model: type[models.Model]) -> Policy:
    try:
        return _policies[model]
    except KeyError:
        raise LookupError(f"no access policy registered for {model._meta.label}") from None


def visible(user: AnyUser, queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    return policy_for(queryset.model).visible(user, queryset)


def can_view(user: AnyUser, obj: models.Model) -> bool:
    model = type(obj)
    return visible(user, model._default_manager.filter(pk=obj.pk)).exists()


def can_change(user: AnyUser, obj: models.Model) -> bool:
    return policy_for(type(obj)).can_change(user, obj)


def can_create(user: AnyUser, model: type[models.Model]) -> bool:
    return policy_for(model).can_create(user)


class ScopedPermission(BasePermission):
    """DRF permission on the same policies: reads are scoped by the view's queryset, writes
    are checked against the policy of the view's model."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return True
        if not token_may_write(request.auth):
            return False
        if getattr(view, "action", None) == "create":
            return can_create(user, view.queryset.model)  # type: ignore[attr-defined]
        return not is_read_only(user)

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return can_change(request.user, obj)


def acting_user(user: AnyUser) -> User:
    """The signed-in user behind a request, for services that record who acted."""
    if not isinstance(user, User):
        raise PermissionError("an anonymous user cannot act")
    return user
