from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import OrgUnit, User

_FIELDS = ("code", "name", "parent")


def _path_for(code: str, parent: OrgUnit | None) -> str:
    return f"{parent.path if parent else '/'}{code}/"


@transaction.atomic
def org_unit_create(
    *, actor: User | None, code: str, name: str, parent: OrgUnit | None = None
) -> OrgUnit:
    unit = OrgUnit(code=code.strip(), name=name.strip(), parent=parent)
    unit.path = _path_for(unit.code, parent)
    unit.full_clean()
    unit.save()
    audit_record(actor=actor, verb="org_unit.create", target=unit, changes=snapshot(unit, _FIELDS))
    return unit


@transaction.atomic
def org_unit_update(
    *,
    actor: User | None,
    unit: OrgUnit,
    name: str | None = None,
    parent: OrgUnit | None = None,
    clear_parent: bool = False,
) -> OrgUnit:
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = snapshot(unit, _FIELDS)
    if name is not None:
        unit.name = name.strip()
    if parent is not None or clear_parent:
        if parent is not None and parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("An org unit cannot sit below itself.")})
        unit.parent = parent
    old_path = unit.path
    unit.path = _path_for(unit.code, unit.parent)
    unit.full_clean()
    unit.save()
    if unit.path != old_path:
        # Move the subtree with it, deepest paths last so prefixes stay unique.
        for child in OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk):
            OrgUnit.objects.filter(pk=child.pk).update(path=unit.path + child.path[len(old_path) :])
    changes = diff(before, snapshot(unit, _FIELDS))
    if changes:
        audit_record(actor=actor, verb="org_unit.update", target=unit, changes=changes)
    return unit
