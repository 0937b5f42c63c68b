"""Alerts raised by the stream detectors: one built-in rule per detector (so people tune
severity, escalation and chat delivery, or switch a detector's alerts off, like any rule), an
alert looked up by a stable key so a retried batch finds it, and evidence as findings."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, Role, RoleAssignment
from socialgov.core.services import notification_send
from socialgov.engine.types import category_of
from socialgov.monitoring.models import (
    Alert,
    AlertCategory,
    AlertEvidence,
    AlertRule,
    AlertSeverity,
    Finding,
    Post,
)
from socialgov.monitoring.pipeline.store import insert_rows


@dataclass(frozen=True)
class BuiltInRule:
    analyzer: str
    name: str
    category: str
    severity: str
    escalate_after_minutes: int | None


SPIKE = BuiltInRule("spike", "Mention spike", AlertCategory.REPUTATION, AlertSeverity.HIGH, 60)
IMPERSONATION = BuiltInRule(
    "impersonation", "Impersonating account", AlertCategory.SECURITY, AlertSeverity.HIGH, None
)
COMPROMISE = BuiltInRule(
    "compromise",
    "Suspected account takeover",
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
    rule = AlertRule(
        name=spec.name,
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
    posts: list[Post], *, analyzer: str, kind: str, score: float, reason: str, key: str
) -> list[Finding]:
    """One finding per post (stored once, whatever is retried), with its id."""
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
                reason=reason[:500],
                fingerprint=hashlib.sha256(material.encode()).hexdigest(),
            )
        )
    insert_rows(Finding, rows)
    if not rows:
        return []
    stored = {
        (post_id, fingerprint): pk
        for pk, post_id, fingerprint in Finding.objects.filter(
            post_id__in={row.post_id for row in rows},
            fingerprint__in=[row.fingerprint for row in rows],
        ).values_list("pk", "post_id", "fingerprint")
    }
    for row in rows:
        row.pk = stored[(row.post_id, row.fingerprint)]
    return rows


def alert_for_key(key: str) -> Alert | None:
    """The latest alert with this key, whatever its status: a closed one is not raised again."""
    return Alert.objects.select_for_update().filter(group_key=key).order_by("-id").first()


def alert_open(
    *,
    rule: AlertRule,
    key: str,
    title: str,
    channel: Channel | None,
    owner: Person | None,
    now: dt.datetime,
    severity: str | None = None,
) -> Alert:
    alert = Alert.objects.create(
        rule=rule,
        channel=channel,
        owner=owner,
        group_key=key[:200],
        title=title[:300],
        severity=severity or rule.severity,
        category=rule.category,
        first_seen_at=now,
        last_seen_at=now,
    )
    audit_record(
        actor=None,
        verb="alert.raise",
        target=alert,
        changes={"rule": rule.pk, "channel": channel.pk if channel else None, "key": key},
    )
    return alert


def evidence_add(alert: Alert, findings: list[Finding], now: dt.datetime) -> None:
    AlertEvidence.objects.bulk_create(
        [AlertEvidence(alert=alert, finding=f) for f in findings], ignore_conflicts=True
    )
    alert.evidence_count = AlertEvidence.objects.filter(alert=alert).count()
    alert.last_seen_at = now
    Alert.objects.filter(pk=alert.pk).update(
        evidence_count=alert.evidence_count, last_seen_at=now, title=alert.title
    )


def analysts() -> list[Person]:
    """Security analysts with an organisation-wide role who can act on security alerts."""
    person_ids = RoleAssignment.objects.filter(
        role=Role.ANALYST, user__person__isnull=False, user__is_active=True
    ).values_list("user__person_id", flat=True)
    return list(Person.objects.filter(pk__in=person_ids, employment_status="active"))


def notify(alert: Alert, people: list[Person]) -> None:
    """Tell each person once (on commit), in their own language."""
    from socialgov.monitoring.jobs.dispatch import submit_on_commit

    seen: set[int] = set()
    for person in people:
        if person.pk in seen:
            continue
        seen.add(person.pk)
        with translation.override(person.language or None):
            subject = _("Alert: %(title)s") % {"title": alert.title}
            body = _("Severity: %(severity)s. Please acknowledge the alert.") % {
                "severity": alert.get_severity_display()
            }
        notification_send(
            recipient=person, subject=subject, body=body, url=f"/monitoring/alerts/{alert.pk}/"
        )
    if alert.rule.chat_format and alert.rule.chat_webhook_token:
        submit_on_commit("deliver_chat", alert_id=alert.pk)
