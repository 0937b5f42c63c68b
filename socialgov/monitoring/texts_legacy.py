"""Messages for rows written before texts were stored as keys: the English sentences the
system used to write, recognised and turned into a key with its parameters. Used by the data
migration; what is not recognised (a person's text, a changed sentence) is left as free text
and shown as it is. Pure functions over strings, so the migration needs no app code."""

from __future__ import annotations

import re
from typing import Any

from socialgov.monitoring.texts import BUILTIN_RULE_KEYS, DEMO_RULE_KEYS

ORGANISATION = "the organisation"
SPIKE_KINDS = {
    "Mention volume spike": "volume",
    "Spike in negative mentions": "negative_volume",
    "Jump in the share of negative mentions": "negative_share",
}
TAKEOVER = re.compile(r"^Suspected takeover of (?P<channel>.+)$", re.S)
IMITATING = re.compile(r"^Account imitating (?P<what>.+): (?P<handle>[^\s:]+)$", re.S)
SPIKE = re.compile(
    r"^(?P<what>" + "|".join(map(re.escape, SPIKE_KINDS)) + r") — (?P<where>.+) "
    r"\((?P<state>growing|peaked|over)\)$",
    re.S,
)
RULE = re.compile(r"^(?P<rule>.+?) — (?P<where>.+)$", re.S)
SURGE = re.compile(r"^One of the posts driving the surge(?: \((?P<terms>.+)\))?$", re.S)
COMPLAINT = re.compile(r"^customer complaint about (?P<cues>.+)$", re.S)
TONE = re.compile(r"^(?P<label>negative|neutral|positive) tone(?: \((?P<words>.+)\))?$", re.S)
TOXIC = re.compile(r"^(?P<kind>offensive|hateful) language \((?P<categories>[a-z ,]+)\)$")
TOXIC_CATEGORIES = {"insult", "threat", "identity attack", "profanity"}
FIXED_REASONS = {
    "customer complaint (negative tone)": "engine.complaint.negative_tone",
    "quotes or reports abuse rather than attacking": "engine.toxicity.reported",
    "no offensive language": "engine.toxicity.none",
    "no single word": "engine.toxicity.no_single_word",
}


def message(key: str, **params: Any) -> dict[str, Any]:
    return {"key": key, "params": params}


def _where(text: str) -> Any:
    return message("monitoring.where.organisation") if text == ORGANISATION else text


def rule_name_message(name: str) -> dict[str, Any]:
    key = BUILTIN_RULE_KEYS.get(name) or DEMO_RULE_KEYS.get(name)
    return message(key) if key else {}


def alert_title_message(title: str, rule_name: str, rule_message: Any) -> dict[str, Any]:
    """The message for an old alert title, or {} when it is not one the system wrote."""
    if found := TAKEOVER.match(title):
        return message("monitoring.alert.takeover", channel=found["channel"])
    if found := SPIKE.match(title):
        return message(
            "monitoring.alert.spike",
            what=message(f"monitoring.spike.{SPIKE_KINDS[found['what']]}"),
            where=_where(found["where"]),
            state=message(f"monitoring.spike_status.{found['state']}"),
        )
    if found := IMITATING.match(title):
        return message("monitoring.alert.imitating", what=found["what"], handle=found["handle"])
    if title.startswith(f"{rule_name} — "):
        where = title[len(rule_name) + 3 :]
        return message("monitoring.alert.rule", rule=rule_message or rule_name, where=_where(where))
    return {}


def _words(text: str) -> list[str]:
    return [word for word in text.split(", ") if word]


def reason_message(reason: str) -> Any:
    """The message for an old finding reason, or {} when it is not recognised."""
    if reason in FIXED_REASONS:
        return message(FIXED_REASONS[reason])
    if found := SURGE.match(reason):
        if found["terms"]:
            return message("monitoring.finding.surge_post_terms", terms=_words(found["terms"]))
        return message("monitoring.finding.surge_post")
    if found := COMPLAINT.match(reason):
        return message("engine.complaint.about", cues=_words(found["cues"]))
    if found := TONE.match(reason):
        label = found["label"]
        if found["words"]:
            return message(f"engine.sentiment.{label}_words", words=_words(found["words"]))
        return message(f"engine.sentiment.{label}")
    if (found := TOXIC.match(reason)) and set(_words(found["categories"])) <= TOXIC_CATEGORIES:
        categories = [
            message(f"engine.toxicity.category.{name.replace(' ', '_')}")
            for name in _words(found["categories"])
        ]
        return message(f"engine.toxicity.{found['kind']}", categories=categories)
    return {}


def task_title_message(title: str, alert_message: Any, alert_title: str) -> dict[str, Any]:
    if title == f"Follow up alert: {alert_title}"[:300] and alert_message:
        return message("monitoring.task.follow_up", title=alert_message)
    return {}


def task_description_message(description: str) -> dict[str, Any]:
    if found := re.match(r"^Opened from alert #(?P<id>\d+)\.$", description):
        return message("monitoring.task.opened_from", id=int(found["id"]))
    return {}


BATCH = 500


def _save(model: Any, rows: list[Any], fields: list[str]) -> None:
    if rows:
        model.objects.bulk_update(rows, fields, batch_size=BATCH)


def convert_rules_and_alerts(apps: Any) -> None:
    """Rules, alerts and findings without a message get one where their English is ours."""
    rule_model = apps.get_model("monitoring", "AlertRule")
    rules = {}
    for rule in rule_model.objects.all():
        if not rule.name_message and (found := rule_name_message(rule.name)):
            rule.name_message = found
            rule.save(update_fields=["name_message"])
        rules[rule.pk] = rule
    alert_model = apps.get_model("monitoring", "Alert")
    changed = []
    for alert in alert_model.objects.filter(title_message={}).iterator(chunk_size=BATCH):
        rule = rules.get(alert.rule_id)
        found = alert_title_message(
            alert.title, rule.name if rule else "", rule and rule.name_message
        )
        if found:
            alert.title_message = found
            changed.append(alert)
    _save(alert_model, changed, ["title_message"])
    finding_model = apps.get_model("monitoring", "Finding")
    changed = []
    for finding in finding_model.objects.filter(reason_message={}).iterator(chunk_size=BATCH):
        if found := reason_message(finding.reason):
            finding.reason_message = found
            changed.append(finding)
    _save(finding_model, changed, ["reason_message"])


def convert_follow_up_tasks(apps: Any) -> None:
    task_model = apps.get_model("core", "Task")
    alert_model = apps.get_model("monitoring", "Alert")
    alerts = {
        alert.task_id: alert
        for alert in alert_model.objects.filter(task__isnull=False).only(
            "task_id", "title", "title_message"
        )
    }
    changed = []
    for task in task_model.objects.filter(source="monitoring_alert", title_message={}):
        alert = alerts.get(task.pk)
        if alert is None:
            continue
        task.title_message = task_title_message(task.title, alert.title_message, alert.title)
        task.description_message = task_description_message(task.description)
        if task.title_message or task.description_message:
            changed.append(task)
    _save(task_model, changed, ["title_message", "description_message"])


def convert_rows(apps: Any, schema_editor: Any = None) -> None:
    convert_rules_and_alerts(apps)
    convert_follow_up_tasks(apps)
