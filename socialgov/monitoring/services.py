"""Writes of the monitoring app: connectors, alert rules, and handling alerts. Each write and
its audit event share one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import Person, Task, TaskPriority, User
from socialgov.core.services import task_create
from socialgov.core.services.updates import model_update
from socialgov.core.texts import Message
from socialgov.engine.sources import InvalidConfiguration, source_spec
from socialgov.monitoring.encryption import encrypt_json, encrypt_text
from socialgov.monitoring.models import (
    Alert,
    AlertCategory,
    AlertRule,
    AlertSeverity,
    AlertStatus,
    ChatFormat,
    Connector,
)
from socialgov.monitoring.platforms.registry import platform_for

CONNECTOR_FIELDS = (
    "name",
    "kind",
    "config",
    "channel",
    "contact",
    "is_active",
    "poll_interval_seconds",
)
RULE_FIELDS = (
    "name",
    "channel",
    "finding_kinds",
    "post_kinds",
    "min_score",
    "min_reach",
    "severity",
    "category",
    "escalate_after_minutes",
    "chat_format",
    "is_active",
)


def _clean_config(kind: str, config: Any) -> dict[str, Any]:
    try:
        spec = source_spec(kind)
        if not isinstance(config, Mapping):
            raise InvalidConfiguration("the configuration must be an object")
        cleaned = spec.validate_config(config)
    except (InvalidConfiguration, ValueError, TypeError) as error:
        raise ValidationError({"config": str(error)}) from error
    return platform_for(kind).clean_config(cleaned)


def _clean_secrets(kind: str, secrets: Any) -> dict[str, str]:
    if not isinstance(secrets, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in secrets.items()
    ):
        raise ValidationError({"secrets": _("Secrets must be names with text values.")})
    allowed = set(source_spec(kind).secret_names)
    unknown = sorted(set(secrets) - allowed)
    if unknown:
        raise ValidationError(
            {"secrets": _("Unknown secret(s): %(names)s") % {"names": ", ".join(unknown)}}
        )
    return {key: value for key, value in secrets.items() if value}


@transaction.atomic
def connector_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    config: Mapping[str, Any],
    secrets: Mapping[str, str] | None = None,
    channel: Channel | None = None,
    contact: Person | None = None,
    is_active: bool = True,
    poll_interval_seconds: int = 300,
) -> Connector:
    cleaned = _clean_config(kind, config)
    connector = Connector(
        name=name.strip(),
        kind=kind,
        config=cleaned,
        channel=channel,
        contact=contact,
        is_active=is_active,
        poll_interval_seconds=poll_interval_seconds,
    )
    stored_secrets = _clean_secrets(kind, secrets or {})
    connector.secrets_token = encrypt_json(stored_secrets) if stored_secrets else ""
    connector.full_clean()
    connector.save()
    audit_record(
        actor=actor,
        verb="connector.create",
        target=connector,
        changes={**snapshot(connector, CONNECTOR_FIELDS), "secrets": sorted(stored_secrets)},
    )
    return connector


@transaction.atomic
def connector_update(
    *,
    actor: User | None,
    connector: Connector,
    secrets: Mapping[str, str] | None = None,
    reset_cursor: bool = False,
    **fields: Any,
) -> Connector:
    unknown = set(fields) - (set(CONNECTOR_FIELDS) - {"kind"})
    if unknown:
        raise ValidationError(
            _("These connector fields cannot be changed: %(names)s")
            % {"names": ", ".join(sorted(unknown))}
        )
    connector = Connector.objects.select_for_update().get(pk=connector.pk)
    before = snapshot(connector, CONNECTOR_FIELDS)
    if "config" in fields:
        fields["config"] = _clean_config(connector.kind, fields["config"])
    for name, value in fields.items():
        setattr(connector, name, value)
    if connector.linked_account_id is not None and connector.channel_id is not None:
        # Its posts are the employee's: a channel would show them to that channel's people.
        raise ValidationError(
            {"channel": [_("A linked private account's connector belongs to no channel.")]}
        )
    changes: dict[str, Any] = {}
    if secrets is not None:
        stored = _clean_secrets(connector.kind, secrets)
        connector.secrets_token = encrypt_json(stored) if stored else ""
        changes["secrets"] = sorted(stored)
    if reset_cursor:
        connector.cursor = {}
        changes["cursor"] = "reset"
    connector.full_clean()
    connector.save()
    changes.update(diff(before, snapshot(connector, CONNECTOR_FIELDS)))
    audit_record(actor=actor, verb="connector.update", target=connector, changes=changes)
    return connector


@transaction.atomic
def alert_rule_create(
    *,
    actor: User | None,
    name: str,
    finding_kinds: list[str],
    name_message: Message | None = None,
    channel: Channel | None = None,
    post_kinds: list[str] | None = None,
    min_score: float = 0.5,
    min_reach: int | None = None,
    severity: str = AlertSeverity.MEDIUM,
    category: str = AlertCategory.OTHER,
    escalate_after_minutes: int | None = None,
    chat_format: str = ChatFormat.NONE,
    chat_webhook_url: str = "",
    is_active: bool = True,
) -> AlertRule:
    rule = AlertRule(
        name=name.strip(),
        name_message=name_message.as_json() if name_message else {},
        channel=channel,
        finding_kinds=list(finding_kinds),
        post_kinds=list(post_kinds or []),
        min_score=min_score,
        min_reach=min_reach,
        severity=severity,
        category=category,
        escalate_after_minutes=escalate_after_minutes,
        chat_format=chat_format,
        is_active=is_active,
    )
    _set_chat(rule, chat_format, chat_webhook_url)
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor, verb="alert_rule.create", target=rule, changes=snapshot(rule, RULE_FIELDS)
    )
    return rule


def _set_chat(rule: AlertRule, chat_format: str, url: str) -> None:
    from socialgov.engine.sources.common import require_http_url

    if chat_format and url:
        try:
            url = require_http_url(url, name="chat webhook URL")
        except InvalidConfiguration as error:
            raise ValidationError({"chat_webhook_url": str(error)}) from error
        rule.chat_webhook_token = encrypt_text(url)
    elif chat_format and not rule.chat_webhook_token:
        raise ValidationError({"chat_webhook_url": _("A chat notification needs its webhook URL.")})
    elif not chat_format:
        rule.chat_webhook_token = ""


@transaction.atomic
def alert_rule_update(
    *, actor: User | None, rule: AlertRule, chat_webhook_url: str = "", **fields: Any
) -> AlertRule:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(names)s") % {"names": ", ".join(sorted(unknown))}
        )
    if "name" in fields and str(fields["name"]).strip() != rule.name:
        # A person renamed a built-in rule: their name is free text from now on.
        AlertRule.objects.filter(pk=rule.pk).update(name_message={})
        rule.name_message = {}
    rule, _changes = model_update(
        actor=actor,
        instance=rule,
        data=fields,
        fields=RULE_FIELDS,
        check=lambda rule: _set_chat(rule, rule.chat_format, chat_webhook_url),
        verb="alert_rule.update",
    )
    return rule


def _locked_alert(alert: Alert) -> Alert:
    return (
        Alert.objects.select_for_update(of=("self",))
        .select_related("rule", "channel")
        .get(pk=alert.pk)
    )


def _require_open(alert: Alert) -> None:
    if not alert.is_open:
        raise ValidationError(_("This alert is already closed."))


@transaction.atomic
def alert_acknowledge(*, actor: User, alert: Alert, now: dt.datetime | None = None) -> Alert:
    alert = _locked_alert(alert)
    if alert.status == AlertStatus.ACKNOWLEDGED:
        return alert
    _require_open(alert)
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by = actor
    alert.acknowledged_at = now or timezone.now()
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="alert.acknowledge",
        target=alert,
        changes={"status": [AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED]},
    )
    return alert


def _close(actor: User, alert: Alert, status: str, note: str, now: dt.datetime | None) -> Alert:
    alert = _locked_alert(alert)
    _require_open(alert)
    old = alert.status
    alert.status = status
    alert.closed_by = actor
    alert.closed_at = now or timezone.now()
    alert.note = note.strip()[:5000]
    if alert.acknowledged_at is None:
        alert.acknowledged_by, alert.acknowledged_at = actor, alert.closed_at
    alert.save()
    audit_record(
        actor=actor,
        verb=f"alert.{status}",
        target=alert,
        changes={"status": [old, status], "note": alert.note},
    )
    return alert


@transaction.atomic
def alert_resolve(
    *, actor: User, alert: Alert, note: str = "", now: dt.datetime | None = None
) -> Alert:
    return _close(actor, alert, AlertStatus.RESOLVED, note, now)


@transaction.atomic
def alert_mark_false_positive(
    *, actor: User, alert: Alert, note: str = "", now: dt.datetime | None = None
) -> Alert:
    """Closes the alert and counts it against its rule: the figure rule tuning starts from."""
    alert = _close(actor, alert, AlertStatus.FALSE_POSITIVE, note, now)
    AlertRule.objects.filter(pk=alert.rule_id).update(
        false_positive_count=F("false_positive_count") + 1
    )
    return alert


@transaction.atomic
def alert_open_task(*, actor: User, alert: Alert) -> Task:
    """Follow-up work for an alert (incidents are built later; for now a task)."""
    alert = _locked_alert(alert)
    if alert.task_id is not None:
        assert alert.task is not None
        return alert.task
    owner = alert.owner or actor.person
    if owner is None:
        raise PermissionDenied(_("Nobody to give the task to: the alert has no owner."))
    task = task_create(
        actor=actor,
        title=Message("monitoring.task.follow_up", {"title": alert.title_message or alert.title}),
        owner=owner,
        description=Message("monitoring.task.opened_from", {"id": alert.pk}),
        priority=TaskPriority.HIGH
        if alert.severity in (AlertSeverity.HIGH, AlertSeverity.CRITICAL)
        else TaskPriority.NORMAL,
        source="monitoring_alert",
        subject=alert,
    )
    alert.task = task
    alert.save(update_fields=["task", "updated_at"])
    audit_record(actor=actor, verb="alert.open_task", target=alert, changes={"task": task.pk})
    return task
