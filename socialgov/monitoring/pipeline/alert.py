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
from django.utils import timezone

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.models import Person
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send
from socialgov.core.texts import Message, stored
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
from socialgov.monitoring.pipeline.bulk import insert_rows, update_rows
from socialgov.monitoring.texts import where

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
    title = alert.title_message or alert.title
    subject = Message(
        "monitoring.notify.alert"
        if level == EscalationLevel.OWNER
        else "monitoring.notify.escalated",
        {"title": title},
    )
    body = Message(
        "monitoring.notify.alert_body",
        {
            "count": alert.evidence_count,
            "channel": str(alert.channel)
            if alert.channel
            else Message("monitoring.notify.no_channel"),
            "severity": Message(f"monitoring.severity.{alert.severity}"),
        },
    )
    for person in people.values():
        notification_send(
            recipient=person, subject=subject, body=body, url=f"/monitoring/alerts/{alert.pk}/"
        )
    if alert.rule.chat_format and alert.rule.chat_webhook_token:
        submit_on_commit("deliver_chat", alert_id=alert.pk)


def alert_open(
    *,
    rule: AlertRule,
    key: str,
    title: Message | str,
    channel: Channel | None,
    owner: Person | None,
    now: dt.datetime,
    severity: str | None = None,
    internal: bool = False,
) -> Alert:
    """Open an alert and record it in the audit log; every alert is opened here. The title is
    a message, composed in each reader's language (a string is kept as free text)."""
    text, message = stored(title)
    alert = Alert.objects.create(
        rule=rule,
        channel=channel,
        owner=owner,
        group_key=key[:200],
        title=text[:300],
        title_message=message,
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
        title_message=alert.title_message,
        has_internal_content=alert.has_internal_content,
    )


def alert_for_key(key: str) -> Alert | None:
    """The latest alert with this key, whatever its status, locked: a detector does not raise
    again what a person already closed."""
    return Alert.objects.select_for_update().filter(group_key=key).order_by("-id").first()


def _alert_title(rule: AlertRule, channel: Channel | None) -> Message:
    name = rule.name_message or rule.name
    return Message("monitoring.alert.rule", {"rule": name, "where": where(channel)})


def alerts_raise(
    *,
    findings: Sequence[Finding],
    now: dt.datetime | None = None,
    rules: Sequence[RuleView] | None = None,
) -> list[Alert]:
    """Turn stored findings into alerts. Call inside the transaction that stored them: a
    retried batch finds the same open alert and the same evidence rows, so nothing doubles.
    A batch costs a fixed handful of queries whatever the number of groups it touches: one
    locking read of the open alerts, one read and one insert of the evidence, one update."""
    now = now or timezone.now()
    rules = active_rules() if rules is None else rules
    groups: dict[str, tuple[AlertRule, int | None, list[Finding]]] = {}
    for finding in findings:
        for view in rules:
            if view.matches(finding):
                key = group_key(view.rule, finding.post.channel_id)
                groups.setdefault(key, (view.rule, finding.post.channel_id, []))[2].append(finding)
    if not groups:
        return []
    # The open alerts are locked in the order of their keys in one read, so two workers
    # raising on the same groups wait for each other instead of deadlocking (PostgreSQL, seen
    # with two Celery workers); alerts opened below are new rows nobody else holds.
    keys = sorted(groups)
    known = {
        alert.group_key: alert
        for alert in Alert.objects.select_for_update(of=("self",))
        .select_related("channel__deputy", "owner", "rule")
        .filter(group_key__in=keys, status__in=OPEN_ALERT_STATUSES)
        .order_by("group_key")
    }
    entries: list[tuple[Alert, list[Finding], bool]] = []
    for key in keys:
        rule, channel_id, grouped = groups[key]
        internal = any(f.post.kind == PostKind.INTERNAL for f in grouped)
        alert = known.get(key)
        created = alert is None
        if alert is None:
            alert, created = _open_for_group(key, rule, channel_id, now, internal=internal)
        alert.has_internal_content = alert.has_internal_content or internal
        entries.append((alert, grouped, created))
    _evidence_add_open(entries, now)
    for alert, _grouped, created in entries:
        if created:
            alert_notify(alert)
    return [alert for alert, _grouped, created in entries if created]


def _open_for_group(
    key: str, rule: AlertRule, channel_id: int | None, now: dt.datetime, *, internal: bool
) -> tuple[Alert, bool]:
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
            return alert, True
    except IntegrityError:  # another worker opened it a moment ago: join that one
        return (
            Alert.objects.select_for_update(of=("self",))
            .select_related("channel__deputy", "owner", "rule")
            .get(group_key=key, status__in=OPEN_ALERT_STATUSES),
            False,
        )


def _evidence_add_open(
    entries: Sequence[tuple[Alert, list[Finding], bool]], now: dt.datetime
) -> None:
    """`evidence_add` for many open alerts at once. Their rows are locked, so the evidence
    already stored is read once and the counts move by what is new: recounting every alert's
    evidence on every batch grows with the alert (a day-long surge holds millions of rows).
    Open alerts never lose evidence (retention keeps it), so the sum stays exact."""
    finding_ids = {finding.pk for _alert, grouped, _created in entries for finding in grouped}
    stored = set(
        AlertEvidence.objects.filter(
            alert_id__in=[alert.pk for alert, _grouped, _created in entries],
            finding_id__in=finding_ids,
        ).values_list("alert_id", "finding_id")
    )
    new_rows = []
    for alert, grouped, _created in entries:
        added = 0
        for finding in grouped:
            if (alert.pk, finding.pk) not in stored:
                stored.add((alert.pk, finding.pk))
                new_rows.append(AlertEvidence(alert_id=alert.pk, finding_id=finding.pk))
                added += 1
        alert.evidence_count += added
        alert.last_seen_at = now
    insert_rows(AlertEvidence, new_rows)
    update_rows(
        Alert,
        [alert for alert, _grouped, _created in entries],
        ["evidence_count", "last_seen_at", "has_internal_content"],
    )


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
