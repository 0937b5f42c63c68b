"""The only path to an alert: rule matching, grouping into one open alert per rule and channel,
opening (with its audit event), evidence, routing to the channel's owner, notification on
commit, and escalation when nobody acknowledges in time. The stream detectors open and extend
their alerts through the same functions."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.models import Person
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send
from socialgov.monitoring.jobs.dispatch import submit_on_commit
from socialgov.monitoring.models import (
    OPEN_ALERT_STATUSES,
    Alert,
    AlertEvidence,
    AlertRule,
    AlertSeverity,
    AlertStatus,
    EscalationLevel,
    Finding,
    PostKind,
)

logger = logging.getLogger(__name__)

SEVERITY_ORDER = {value: index for index, value in enumerate(AlertSeverity.values)}


@dataclass(frozen=True)
class RuleView:
    rule: AlertRule
    patterns: tuple[str, ...]
    post_kinds: frozenset[str]

    @classmethod
    def of(cls, rule: AlertRule) -> RuleView:
        return cls(rule, tuple(p.lower() for p in rule.finding_kinds), frozenset(rule.post_kinds))

    def matches(self, finding: Finding) -> bool:
        post = finding.post
        rule = self.rule
        if rule.channel_id is not None and rule.channel_id != post.channel_id:
            return False
        if finding.score < rule.min_score:
            return False
        if self.post_kinds and post.kind not in self.post_kinds:
            return False
        if rule.min_reach is not None:
            followers = post.author.followers_count if post.author else None
            if followers is None or followers < rule.min_reach:
                return False
        name = f"{finding.analyzer}.{finding.kind}".lower()
        return any(name == p or name.startswith(p + ".") for p in self.patterns)


def active_rules() -> list[RuleView]:
    return [RuleView.of(rule) for rule in AlertRule.objects.filter(is_active=True)]


def group_key(rule: AlertRule, channel_id: int | None) -> str:
    """A burst on one channel for one rule is one alert, not a hundred."""
    return f"rule:{rule.pk}:channel:{channel_id or '-'}"


def _recipients(alert: Alert, level: int) -> list[Person]:
    channel = alert.channel
    if level == EscalationLevel.OWNER:
        if alert.owner is not None:
            return [alert.owner]
        return governance_leads()
    if level == EscalationLevel.DEPUTY:
        return [channel.deputy] if channel is not None and channel.deputy else []
    return governance_leads()


def alert_notify(
    alert: Alert, *, level: int = EscalationLevel.OWNER, also: Sequence[Person] = ()
) -> None:
    """Tell the people an alert is for at this escalation level (and `also` those, such as the
    security analysts), each once and in their own language; chat delivery on commit."""
    people = {person.pk: person for person in [*_recipients(alert, level), *also]}
    for person in people.values():
        with translation.override(person.language or None):
            subject = (
                _("Alert: %(title)s")
                if level == EscalationLevel.OWNER
                else _("Escalated: %(title)s")
            ) % {"title": alert.title}
            body = _(
                "%(count)d finding(s) on %(channel)s. Severity: %(severity)s. "
                "Please acknowledge the alert."
            ) % {
                "count": alert.evidence_count,
                "channel": alert.channel or _("no registered channel"),
                "severity": alert.get_severity_display(),
            }
        notification_send(
            recipient=person, subject=subject, body=body, url=f"/monitoring/alerts/{alert.pk}/"
        )
    if alert.rule.chat_format and alert.rule.chat_webhook_token:
        submit_on_commit("deliver_chat", alert_id=alert.pk)


def alert_open(
    *,
    rule: AlertRule,
    key: str,
    title: str,
    channel: Channel | None,
    owner: Person | None,
    now: dt.datetime,
    severity: str | None = None,
    internal: bool = False,
) -> Alert:
    """Open an alert and record it in the audit log; every alert is opened here."""
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
        has_internal_content=internal,
    )
    audit_record(
        actor=None,
        verb="alert.raise",
        target=alert,
        changes={"rule": rule.pk, "channel": channel.pk if channel else None, "key": key},
    )
    return alert


def evidence_add(
    alert: Alert, findings: Sequence[Finding], now: dt.datetime, *, internal: bool = False
) -> None:
    """Attach findings to an alert (each once, whatever is retried) and bring its counts,
    last-seen time and title up to date."""
    AlertEvidence.objects.bulk_create(
        [AlertEvidence(alert=alert, finding=f) for f in findings], ignore_conflicts=True
    )
    alert.evidence_count = AlertEvidence.objects.filter(alert=alert).count()
    alert.last_seen_at = now
    alert.has_internal_content = alert.has_internal_content or internal
    Alert.objects.filter(pk=alert.pk).update(
        evidence_count=alert.evidence_count,
        last_seen_at=now,
        title=alert.title,
        has_internal_content=alert.has_internal_content,
    )


def alert_for_key(key: str) -> Alert | None:
    """The latest alert with this key, whatever its status, locked: a detector does not raise
    again what a person already closed."""
    return Alert.objects.select_for_update().filter(group_key=key).order_by("-id").first()


def _alert_title(rule: AlertRule, channel: Channel | None) -> str:
    where = str(channel) if channel is not None else _("the organisation")
    return f"{rule.name} — {where}"[:300]


def alerts_raise(
    *,
    findings: Sequence[Finding],
    now: dt.datetime | None = None,
    rules: Sequence[RuleView] | None = None,
) -> list[Alert]:
    """Turn stored findings into alerts. Call inside the transaction that stored them: a
    retried batch finds the same open alert and the same evidence rows, so nothing doubles."""
    now = now or timezone.now()
    rules = active_rules() if rules is None else rules
    groups: dict[str, tuple[AlertRule, int | None, list[Finding]]] = {}
    for finding in findings:
        for view in rules:
            if view.matches(finding):
                key = group_key(view.rule, finding.post.channel_id)
                groups.setdefault(key, (view.rule, finding.post.channel_id, []))[2].append(finding)
    raised = []
    # Alerts are locked in the order of their keys, so two workers raising on the same groups
    # wait for each other instead of deadlocking (PostgreSQL, seen with two Celery workers).
    for key in sorted(groups):
        rule, channel_id, grouped = groups[key]
        raised.append(_add_to_group(key, rule, channel_id, grouped, now))
    return [alert for alert, created in raised if created]


def _add_to_group(
    key: str, rule: AlertRule, channel_id: int | None, findings: list[Finding], now: dt.datetime
) -> tuple[Alert, bool]:
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("channel__deputy", "owner", "rule")
        .filter(group_key=key, status__in=OPEN_ALERT_STATUSES)
        .first()
    )
    created = False
    internal = any(f.post.kind == PostKind.INTERNAL for f in findings)
    if alert is None:
        channel = (
            Channel.objects.select_related("deputy", "owner").filter(pk=channel_id).first()
            if channel_id is not None
            else None
        )
        try:
            with transaction.atomic():
                alert = alert_open(
                    rule=rule,
                    key=key,
                    title=_alert_title(rule, channel),
                    channel=channel,
                    owner=channel.owner if channel else None,
                    now=now,
                    internal=internal,
                )
                created = True
        except IntegrityError:  # another worker opened it a moment ago: join that one
            alert = Alert.objects.select_for_update().get(
                group_key=key, status__in=OPEN_ALERT_STATUSES
            )
    evidence_add(alert, findings, now, internal=internal)
    if created:
        alert_notify(alert)
    return alert, created


def alerts_escalate(*, now: dt.datetime | None = None) -> int:
    """Move unacknowledged alerts past their rule's time one step up: deputy, then lead."""
    now = now or timezone.now()
    escalated = 0
    candidates = Alert.objects.filter(
        status=AlertStatus.OPEN,
        rule__escalate_after_minutes__isnull=False,
        escalation_level__lt=EscalationLevel.GOVERNANCE_LEAD,
    ).values_list("pk", flat=True)
    for alert_id in list(candidates):
        with transaction.atomic():
            alert = (
                Alert.objects.select_for_update(of=("self",))
                .select_related("rule", "channel__deputy", "owner")
                .get(pk=alert_id)
            )
            minutes = alert.rule.escalate_after_minutes
            if alert.status != AlertStatus.OPEN or minutes is None:
                continue
            since = alert.escalated_at or alert.first_seen_at
            if now < since + dt.timedelta(minutes=minutes):
                continue
            level = alert.escalation_level + 1
            if level == EscalationLevel.DEPUTY and not (alert.channel and alert.channel.deputy):
                level = EscalationLevel.GOVERNANCE_LEAD
            old = alert.escalation_level
            alert.escalation_level = level
            alert.escalated_at = now
            alert.save(update_fields=["escalation_level", "escalated_at", "updated_at"])
            audit_record(
                actor=None,
                verb="alert.escalate",
                target=alert,
                changes={"escalation_level": [old, level]},
            )
            alert_notify(alert, level=level)
            escalated += 1
    return escalated


def alert_counts_by_status() -> dict[str, int]:
    rows = Alert.objects.values("status").annotate(n=Count("id"))
    return {row["status"]: row["n"] for row in rows}
