"""The one way an entity's fields are changed: on a locked row, validated, saved with only the
fields that changed, and the difference recorded in the audit log in the same transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.db import models, transaction

from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import User

ModelT = TypeVar("ModelT", bound=models.Model)


def model_update(
    *,
    actor: User | None,
    instance: ModelT,
    data: Mapping[str, object],
    fields: Collection[str],
    audit_fields: Iterable[str] | None = None,
    check: Callable[[ModelT], None] | None = None,
    verb: str = "",
) -> tuple[ModelT, dict[str, list[Any]]]:
    """Set `data` on `instance` and save it; returns the saved row and what changed.

    Only names in `fields` may be set (anything else is a programming error, not bad input).
    Text is stripped. `check` runs after the values are set and before `full_clean`, for the
    rules that span fields; it may derive further values. The audit event lists the changes
    of `audit_fields` (by default `fields`) and is written only when something changed.
    """
    unknown = set(data) - set(fields)
    model = type(instance)
    if unknown:
        raise ValueError(f"{model.__name__}: not changed here: {sorted(unknown)}")
    audited = list(audit_fields if audit_fields is not None else fields)
    with transaction.atomic():
        locked = model._default_manager.select_for_update().get(pk=instance.pk)
        before = snapshot(locked, audited)
        stored = _values(locked)
        for name, value in data.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        if check is not None:
            check(locked)
        locked.full_clean()
        changes = diff(before, snapshot(locked, audited))
        now = _values(locked)
        changed = {*data, *(name for name, value in now.items() if stored[name] != value)}
        if changed:
            if "updated_at" in now:
                changed.add("updated_at")
            locked.save(update_fields=sorted(changed))
        if changes:
            audit_record(
                actor=actor,
                verb=verb or f"{model._meta.model_name}.update",
                target=locked,
                changes=changes,
            )
    return locked, changes


def _values(instance: models.Model) -> dict[str, Any]:
    """Every stored column by field name, to save what `check` derived as well as `data`."""
    return {
        field.name: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }
