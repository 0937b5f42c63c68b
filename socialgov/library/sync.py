"""Write a document's items to a model, without silently overwriting local edits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from socialgov.library.models import ItemOrigin, LibraryItem
from socialgov.library.registry import ApplyResult, Document, LoadContext
from socialgov.library.validation import digest


def item_state(obj: LibraryItem, fields: Sequence[str], m2m: Sequence[str]) -> dict[str, Any]:
    """The library-managed content of `obj` as it is now in the database."""
    state: dict[str, Any] = {name: getattr(obj, name) for name in fields}
    for name in m2m:
        state[name] = sorted(getattr(obj, name).values_list("key", flat=True))
    return state


def is_locally_edited(obj: LibraryItem, fields: Sequence[str], m2m: Sequence[str]) -> bool:
    if obj.origin == ItemOrigin.CUSTOM:
        return True
    return digest(item_state(obj, fields, m2m)) != obj.library_digest


def sync_items(
    *,
    model: type[LibraryItem],
    document: Document,
    context: LoadContext,
    items: Sequence[Mapping[str, Any]],
    fields: Sequence[str],
    m2m: Mapping[str, type[LibraryItem]] | None = None,
) -> ApplyResult:
    """Create, update or retire `model` rows from normalised `items` (each has "key", every
    name in `fields`, and for each m2m name a list of related keys)."""
    m2m = dict(m2m or {})
    result = ApplyResult()
    keys = [item["key"] for item in items]
    existing = {obj.key: obj for obj in model._default_manager.filter(key__in=keys)}
    for item in items:
        state = {name: item[name] for name in fields}
        state.update({name: sorted(item[name]) for name in m2m})
        new_digest = digest(state)
        obj = existing.get(item["key"])
        if obj is None:
            obj = model(key=item["key"])
        elif is_locally_edited(obj, fields, list(m2m)) and not context.overwrite_local:
            result.kept_local.append(obj.key)
            continue
        elif obj.library_digest == new_digest and not obj.retired:
            if obj.library_version != document.version or obj.library != document.library:
                obj.library_version, obj.library = document.version, document.library
                obj.save(update_fields=["library_version", "library"])
            result.unchanged += 1
            continue
        created = obj.pk is None
        for name in fields:
            setattr(obj, name, item[name])
        obj.origin = ItemOrigin.LIBRARY
        obj.library = document.library
        obj.library_version = document.version
        obj.library_digest = new_digest
        obj.retired = False
        obj.full_clean(validate_unique=False)
        obj.save()
        for name, related_model in m2m.items():
            related = related_model._default_manager.filter(key__in=item[name])
            getattr(obj, name).set(related)
        if created:
            result.created += 1
        else:
            result.updated += 1
    gone = model._default_manager.filter(
        library=document.library, origin=ItemOrigin.LIBRARY, retired=False
    ).exclude(key__in=keys)
    result.retired = gone.update(retired=True)
    return result
