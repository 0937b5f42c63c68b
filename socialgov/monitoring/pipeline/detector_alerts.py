"""What the stream detectors need to raise alerts through `alert.py`: one built-in rule per
detector (so people tune severity, escalation and chat delivery, or switch a detector's alerts
off, like any rule) and their evidence stored as findings."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from socialgov.core.audit import audit_record
from socialgov.core.texts import Message, stored
from socialgov.engine.reasons import reason_messages
from socialgov.engine.types import category_of
from socialgov.monitoring.models import (
    AlertCategory,
    AlertRule,
    AlertSeverity,
    Finding,
    Post,
)
from socialgov.monitoring.pipeline.bulk import insert_rows
from socialgov.monitoring.pipeline.store import with_stored_ids


@dataclass(frozen=True)
class BuiltInRule:
    analyzer: str
    name_key: str
    category: str
    severity: str
    escalate_after_minutes: int | None


SPIKE = BuiltInRule(
    "spike", "monitoring.rule.spike", AlertCategory.REPUTATION, AlertSeverity.HIGH, 60
)
IMPERSONATION = BuiltInRule(
    "impersonation",
    "monitoring.rule.impersonation",
    AlertCategory.SECURITY,
    AlertSeverity.HIGH,
    None,
)
COMPROMISE = BuiltInRule(
    "compromise",
    "monitoring.rule.compromise",
    AlertCategory.SECURITY,
    AlertSeverity.CRITICAL,
    30,
)


def detector_rule(spec: BuiltInRule) -> AlertRule:
    """The organisation-wide rule whose only finding kind is the detector's name; created the
    first time it is needed. An inactive rule means: no alerts from this detector."""
    for rule in AlertRule.objects.filter(channel__isnull=True).order_by("pk"):
        if rule.finding_kinds == [spec.analyzer]:
            return rule
    name, name_message = stored(Message(spec.name_key))
    rule = AlertRule(
        name=name,
        name_message=name_message,
        finding_kinds=[spec.analyzer],
        category=spec.category,
        severity=spec.severity,
        escalate_after_minutes=spec.escalate_after_minutes,
        min_score=0.0,
    )
    rule.full_clean()
    rule.save()
    audit_record(actor=None, verb="alert_rule.create", target=rule, changes={"builtin": True})
    return rule


def evidence_findings(
    posts: list[Post],
    *,
    analyzer: str,
    kind: str,
    score: float,
    reason: Message | Sequence[str] | str,
    key: str,
) -> list[Finding]:
    """One finding per post (stored once, whatever is retried), with its id; the reason (one
    of ours, or the detector's reasons) is kept as messages for the reader's language."""
    if isinstance(reason, Message):
        text, message = stored(reason)
    elif isinstance(reason, str):
        text, message = reason, reason_messages(reason)
    else:
        text, message = "; ".join(reason), reason_messages(reason)
    rows = []
    for post in posts:
        material = "\x1f".join([post.content_hash, analyzer, kind, key])
        rows.append(
            Finding(
                post=post,
                analyzer=analyzer[:60],
                kind=kind[:80],
                category=category_of(analyzer),
                score=min(1.0, max(0.0, float(score))),
                reason=text[:500],
                reason_message=message,
                fingerprint=hashlib.sha256(material.encode()).hexdigest(),
            )
        )
    insert_rows(Finding, rows)
    return with_stored_ids(rows)
