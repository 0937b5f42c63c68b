"""Loading policy templates from `library/policies/*.yaml` (en/nl/fr), all or nothing.

`load_policy_templates(path)` is the hook for the shared `socialgov library load` command.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from socialgov.core.audit import audit_record
from socialgov.policies.models import PolicyCategory, PolicyTemplate
from socialgov.policies.text import LANGUAGES, clean_translations


class LibraryError(ValueError):
    """A library file is not valid; nothing was loaded."""


@dataclass(frozen=True)
class LoadReport:
    created: int
    updated: int
    unchanged: int


def parse_policy_template(data: object, *, source: str) -> dict[str, object]:
    if not isinstance(data, dict):
        raise LibraryError(f"{source}: expected a mapping at the top")
    try:
        key = str(data["key"])
        category = str(data["category"])
        version = int(data.get("version", 1))
        title = clean_translations(data["title"], field="title", required=LANGUAGES, max_length=300)
        body = clean_translations(data["body"], field="body", required=LANGUAGES)
    except KeyError as missing:
        raise LibraryError(f"{source}: missing {missing}") from None
    except ValidationError as error:
        raise LibraryError(f"{source}: {'; '.join(error.messages)}") from None
    except (TypeError, ValueError) as error:
        raise LibraryError(f"{source}: {error}") from None
    if category not in PolicyCategory.values:
        raise LibraryError(f"{source}: unknown category {category!r}")
    return {
        "key": key,
        "category": category,
        "library_version": version,
        "title": title,
        "body": body,
    }


def load_policy_templates(path: Path) -> LoadReport:
    """Load every `*.yaml` under `path`; one bad file loads none."""
    parsed = []
    for file in sorted(Path(path).glob("*.yaml")):
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise LibraryError(f"{file.name}: not valid YAML: {error}") from None
        parsed.append(parse_policy_template(data, source=file.name))
    created = updated = unchanged = 0
    with transaction.atomic():
        for fields in parsed:
            checksum = hashlib.sha256(
                json.dumps(fields, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()
            template = PolicyTemplate.objects.filter(key=fields["key"]).first()
            if template is not None and template.checksum == checksum:
                unchanged += 1
                continue
            if template is None:
                template = PolicyTemplate(key=str(fields["key"]))
                created += 1
            else:
                updated += 1
            for name, value in fields.items():
                setattr(template, name, value)
            template.checksum = checksum
            template.full_clean()
            template.save()
            audit_record(
                actor=None,
                verb="library.policy_template.load",
                target=template,
                changes={"library_version": template.library_version, "checksum": checksum},
            )
    return LoadReport(created, updated, unchanged)
