"""The `training_module` kind of the reference library (`library/training/`, en/nl/fr).

Each item is one module as `socialgov.awareness.content.parse_module` reads it: key, `version`,
title, summary, duration, pass mark, lessons and quiz. A module edited locally since it was
loaded is kept unless the load is run with --overwrite-local.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from socialgov.awareness.content import Module, module_to_data, parse_module
from socialgov.awareness.models import TrainingModule
from socialgov.library.parsed import ParsedItemLoader
from socialgov.library.registry import ApplyResult, Document, LoadContext

FIELDS = ("library_version", "title", "summary", "duration_minutes", "pass_mark", "content")
MAX_DURATION_MINUTES = 600


def module_fields(module: Module) -> dict[str, Any]:
    return {
        "library_version": module.version,
        "title": module.title,
        "summary": module.summary,
        "duration_minutes": module.duration_minutes,
        "pass_mark": module.pass_mark,
        "content": module_to_data(module),
    }


def module_checksum(fields: Mapping[str, Any]) -> str:
    # The same formula as rows loaded before the shared importer, so they compare equal.
    payload = json.dumps(
        {name: fields[name] for name in FIELDS}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()


class TrainingModuleLoader(ParsedItemLoader):
    kind = "training_module"
    description = "training modules: lessons and a quiz with a pass mark"
    model = TrainingModule

    def parse_item(self, item: Mapping[str, Any], where: str) -> Module:
        return parse_module(item, source=where)

    def check_item(self, parsed: Module, where: str) -> list[str]:
        errors = []
        if parsed.version < 1:
            errors.append(f"{where}: 'version' must be a whole number from 1")
        if not 1 <= parsed.duration_minutes <= MAX_DURATION_MINUTES:
            errors.append(f"{where}: 'duration_minutes' must be from 1 to {MAX_DURATION_MINUTES}")
        loaded = TrainingModule.objects.filter(key=parsed.key).first()
        if loaded is not None and loaded.library_version > parsed.version:
            errors.append(
                f"{where}: version {parsed.version} is older than the loaded version "
                f"{loaded.library_version}; refused"
            )
        return errors

    def write_item(
        self, parsed: Module, document: Document, context: LoadContext, result: ApplyResult
    ) -> None:
        fields = module_fields(parsed)
        checksum = module_checksum(fields)
        row = TrainingModule.objects.filter(key=parsed.key).first()
        if row is None:
            row = TrainingModule(key=parsed.key)
            result.created += 1
        elif row.checksum == checksum:
            result.unchanged += 1
            return
        elif module_checksum({name: getattr(row, name) for name in FIELDS}) != row.checksum and (
            not context.overwrite_local
        ):
            result.kept_local.append(row.key)
            return
        else:
            result.updated += 1
        for name, value in fields.items():
            setattr(row, name, value)
        row.checksum = checksum
        row.full_clean()
        row.save()
