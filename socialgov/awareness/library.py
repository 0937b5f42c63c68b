"""Loading training modules from `library/training/*.yaml`, all or nothing.

`load_training_modules(path)` is the hook for the shared `socialgov library load` command.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from socialgov.awareness.content import ContentError, Module, module_to_data, parse_module
from socialgov.awareness.models import TrainingModule
from socialgov.core.audit import audit_record


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def read_modules(path: Path) -> list[Module]:
    modules = []
    for file in sorted(Path(path).glob("*.yaml")):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ContentError(f"{file.name}: not valid YAML: {error}") from None
        modules.append(parse_module(data, source=file.name))
    keys = [module.key for module in modules]
    if len(set(keys)) != len(keys):
        raise ContentError("two training modules share a key")
    return modules


def load_training_modules(path: Path) -> LoadReport:
    """Validate every module under `path` first; one bad file loads none."""
    modules = read_modules(path)
    created = updated = unchanged = 0
    with transaction.atomic():
        for module in modules:
            fields = {
                "library_version": module.version,
                "title": module.title,
                "summary": module.summary,
                "duration_minutes": module.duration_minutes,
                "pass_mark": module.pass_mark,
                "content": module_to_data(module),
            }
            checksum = hashlib.sha256(
                json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()
            row = TrainingModule.objects.filter(key=module.key).first()
            if row is not None and row.checksum == checksum:
                unchanged += 1
                continue
            if row is None:
                row = TrainingModule(key=module.key)
                created += 1
            else:
                updated += 1
            for name, value in fields.items():
                setattr(row, name, value)
            row.checksum = checksum
            row.full_clean()
            row.save()
            audit_record(
                actor=None,
                verb="library.training_module.load",
                target=row,
                changes={"library_version": module.version, "checksum": checksum},
            )
    return LoadReport(created, updated, unchanged)
