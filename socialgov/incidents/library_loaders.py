"""Loader for library/playbooks/: one playbook per incident kind, steps in en/nl/fr."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from socialgov.incidents.models import IncidentKind, Playbook
from socialgov.library.registry import ApplyResult, Document, LoadContext, Loader
from socialgov.library.sync import sync_items
from socialgov.library.validation import (
    check_key,
    check_text,
    check_unknown_fields,
    duplicates,
)

ROLES = ("channel_owner", "analyst", "comms", "legal", "dpo")
STEP_FIELDS = ("key", "role", "due_hours", "required", "title", "checklist")


def _step_errors(step: Any, where: str) -> list[str]:
    if not isinstance(step, Mapping):
        return [f"{where}: a step must be a mapping"]
    errors = check_key(step, where) + check_unknown_fields(step, STEP_FIELDS, where)
    errors += check_text(step, "title", where)
    if step.get("role") not in ROLES:
        errors.append(f"{where}: 'role' must be one of {list(ROLES)}")
    hours = step.get("due_hours")
    if not isinstance(hours, int) or isinstance(hours, bool) or not 0 <= hours <= 24 * 90:
        errors.append(f"{where}: 'due_hours' must be a whole number of hours")
    checklist = step.get("checklist", {})
    if not isinstance(checklist, Mapping) or not all(
        isinstance(v, list) and all(isinstance(i, str) for i in v) for v in checklist.values()
    ):
        errors.append(f"{where}: 'checklist' must map each language to a list of texts")
    return errors


class PlaybookLoader(Loader):
    kind = "playbooks"
    description = "incident response playbooks: ordered steps with roles, due times, checklists"
    FIELDS = ("kind", "title", "steps", "links", "templates")
    ALLOWED = ("key", "incident_kind", "title", "steps", "links", "templates")

    def existing_keys(self) -> Iterable[str]:
        return Playbook.objects.values_list("key", flat=True)

    def validate(self, document: Document, context: LoadContext) -> list[str]:
        errors: list[str] = []
        keys = []
        for index, item in enumerate(document.items):
            if not isinstance(item, Mapping):
                errors.append(f"{document.where(index)}: expected a mapping")
                continue
            where = document.where(index, item.get("key"))
            errors += check_key(item, where) + check_unknown_fields(item, self.ALLOWED, where)
            errors += check_text(item, "title", where)
            keys.append(str(item.get("key")))
            if item.get("incident_kind") not in IncidentKind.values:
                errors.append(f"{where}: 'incident_kind' must be one of {IncidentKind.values}")
            steps = item.get("steps")
            if not isinstance(steps, list) or not steps:
                errors.append(f"{where}: 'steps' must list at least one step")
                continue
            for number, step in enumerate(steps):
                errors += _step_errors(step, f"{where} step {number + 1}")
            step_keys = [str(s.get("key")) for s in steps if isinstance(s, Mapping)]
            errors += [f"{where}: duplicate step {k!r}" for k in duplicates(step_keys)]
        errors += [f"{document.path}: duplicate key {key!r}" for key in duplicates(keys)]
        context.keys_of(self.kind).update(keys)
        return errors

    def apply(self, document: Document, context: LoadContext) -> ApplyResult:
        items = [
            {
                "key": item["key"],
                "kind": item["incident_kind"],
                "title": dict(item["title"]),
                "steps": [
                    {
                        "key": step["key"],
                        "role": step["role"],
                        "due_hours": step["due_hours"],
                        "required": bool(step.get("required", True)),
                        "title": dict(step["title"]),
                        "checklist": {k: list(v) for k, v in step.get("checklist", {}).items()},
                    }
                    for step in item["steps"]
                ],
                "links": list(item.get("links", [])),
                "templates": dict(item.get("templates", {})),
            }
            for item in document.items
        ]
        return sync_items(
            model=Playbook, document=document, context=context, items=items, fields=self.FIELDS
        )
