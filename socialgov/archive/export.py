"""The eDiscovery export: a ZIP with the items as JSON lines (every version), a CSV index
safe to open in a spreadsheet, and a manifest of SHA-256 hashes that `export_verify` checks."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from socialgov.archive.models import ArchivedItem
from socialgov.core.audit import audit_record
from socialgov.core.models import User
from socialgov.core.spreadsheet import csv_bytes

MANIFEST = "manifest.json"
INDEX_FIELDS = ("id", "kind", "platform", "external_id", "channel", "author", "published_at")


def _item_record(item: ArchivedItem) -> dict[str, object]:
    return {
        "id": item.pk,
        "kind": item.kind,
        "platform": item.platform,
        "external_id": item.external_id,
        "channel": item.channel.handle if item.channel else None,
        "author": item.author,
        "published_at": item.published_at.isoformat(),
        "deleted_at": item.deleted_at.isoformat() if item.deleted_at else None,
        "versions": [
            {
                "number": v.number,
                "text": v.text,
                "deleted": v.deleted,
                "captured_at": v.captured_at.isoformat(),
                "content_hash": v.content_hash,
            }
            for v in item.versions.all()
        ],
    }


def _index(records: list[dict[str, object]]) -> bytes:
    rows = [[record[name] for name in INDEX_FIELDS] for record in records]
    return csv_bytes([INDEX_FIELDS, *rows], bom=False)


def archive_export(*, actor: User, items: Iterable[ArchivedItem], description: str) -> bytes:
    """The ZIP for a result set; the export is audited with who and what."""
    records = [_item_record(item) for item in items]
    files = {
        "items.jsonl": "".join(
            json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records
        ).encode("utf-8"),
        "index.csv": _index(records),
    }
    manifest = {
        "created_at": timezone.now().isoformat(),
        "created_by": actor.get_username(),
        "query": description,
        "items": len(records),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
    with transaction.atomic():
        audit_record(
            actor=actor,
            verb="archive.export",
            target_type="archive.export",
            target_label=description[:200],
            changes={"items": len(records), "files": manifest["files"]},
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class ExportCheck:
    ok: bool
    problems: list[str]


def export_verify(data: bytes) -> ExportCheck:
    """Whether every file in the export matches its hash in the manifest."""
    problems: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
        names = set(archive.namelist()) - {MANIFEST}
        for name, expected in manifest["files"].items():
            if name not in names:
                problems.append(f"missing {name}")
            elif hashlib.sha256(archive.read(name)).hexdigest() != expected:
                problems.append(f"hash mismatch in {name}")
        problems += [f"unlisted {name}" for name in sorted(names - set(manifest["files"]))]
    return ExportCheck(not problems, problems)
