"""The hash-chained audit log: recording one event per write and verifying the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from socialgov.core.models import AuditChainHead, AuditEvent, User

GENESIS_HASH = "0" * 64


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def event_hash(
    *,
    previous_hash: str,
    created_at: dt.datetime,
    actor_label: str,
    verb: str,
    target_type: str,
    target_id: str,
    target_label: str,
    changes: Any,
) -> str:
    payload = json.dumps(
        [
            previous_hash,
            created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            actor_label,
            verb,
            target_type,
            target_id,
            target_label,
            changes,
        ],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` as they would be written to the audit log."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(instance, attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {"field": [old, new]}."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def audit_record(
    *,
    actor: User | None,
    verb: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_label: str = "",
    changes: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Call inside the transaction of the write it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the write it records")
    head, _ = AuditChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    created_at = timezone.now()
    actor_label = (actor.get_username() if actor is not None else "system")[:200]
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_label = target_label or str(target)
    fields = {
        "created_at": created_at,
        "actor_label": actor_label,
        "verb": verb,
        "target_type": target_type,
        "target_id": str(target.pk) if target is not None and target.pk is not None else "",
        "target_label": target_label[:300],
        "changes": _jsonable(dict(changes or {})),
    }
    digest = event_hash(previous_hash=head.last_hash, **fields)
    event = AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        previous_hash=head.last_hash,
        hash=digest,
        **fields,
    )
    AuditChainHead.objects.filter(pk=head.pk).update(last_hash=digest, count=head.count + 1)
    return event


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None and not self.reason


def audit_verify() -> ChainReport:
    """Walk the chain from the first event and name the first one that does not check out."""
    previous = GENESIS_HASH
    checked = 0
    events = AuditEvent.objects.order_by("id").values(
        "id",
        "created_at",
        "actor_label",
        "verb",
        "target_type",
        "target_id",
        "target_label",
        "changes",
        "previous_hash",
        "hash",
    )
    for row in events.iterator(chunk_size=2000):
        checked += 1
        if row["previous_hash"] != previous:
            return ChainReport(checked, row["id"], "previous hash does not match the event before")
        expected = event_hash(
            previous_hash=row["previous_hash"],
            created_at=row["created_at"],
            actor_label=row["actor_label"],
            verb=row["verb"],
            target_type=row["target_type"],
            target_id=row["target_id"],
            target_label=row["target_label"],
            changes=row["changes"],
        )
        if expected != row["hash"]:
            return ChainReport(checked, row["id"], "content does not match its hash")
        previous = row["hash"]
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != previous:
        return ChainReport(checked, None, "the last events of the chain are missing")
    return ChainReport(checked)
