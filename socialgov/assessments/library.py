"""Loading the maturity model from `library/maturity/*.yaml`, all or nothing.

`load_maturity_model(path)` is the hook for the shared `socialgov library load` command. A
changed file with the same version number is refused: a new wording is a new version, so
assessments made with the old one keep their questions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from socialgov.assessments.maturity import ModelError, parse_model
from socialgov.assessments.models import MaturityModel
from socialgov.core.audit import audit_record


@dataclass(frozen=True)
class LoadReport:
    created: int
    unchanged: int


def _read(file: Path) -> dict:  # type: ignore[type-arg]
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ModelError(f"{file.name}: not valid YAML: {error}") from None
    parse_model(data, source=file.name)
    return data


def load_maturity_model(path: Path) -> LoadReport:
    """Load every model file under `path` (a directory) or the one file `path` names."""
    path = Path(path)
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
    documents = [(file, _read(file)) for file in files]
    created = unchanged = 0
    with transaction.atomic():
        for file, data in documents:
            model = parse_model(data, source=file.name)
            checksum = hashlib.sha256(
                json.dumps(data, sort_keys=True, ensure_ascii=False, default=str).encode()
            ).hexdigest()
            existing = MaturityModel.objects.filter(
                key=model.key, library_version=model.version
            ).first()
            if existing is not None:
                if existing.checksum != checksum:
                    raise ModelError(
                        f"{file.name}: changed without a new version number (still {model.version})"
                    )
                unchanged += 1
                continue
            row = MaturityModel(
                key=model.key,
                library_version=model.version,
                title=model.title,
                definition=json.loads(json.dumps(data, default=str)),
                checksum=checksum,
            )
            row.full_clean()
            row.save()
            created += 1
            audit_record(
                actor=None,
                verb="library.maturity_model.load",
                target=row,
                changes={"version": model.version, "checksum": checksum},
            )
    return LoadReport(created, unchanged)
