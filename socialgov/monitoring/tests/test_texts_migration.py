"""The data migration turns the English the system used to store into messages, so old alerts,
rules, reasons, follow-up tasks and incidents read in the reader's language; free text stays."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from socialgov.core.texts import message_text
from socialgov.monitoring.texts_legacy import alert_title_message, reason_message

BEFORE = [
    ("monitoring", "0004_alert_messages"),
    ("incidents", "0004_incident_title_message"),
    ("core", "0004_generated_text_messages"),
]
AFTER = [
    ("monitoring", "0005_generated_texts_to_messages"),
    ("incidents", "0005_incident_titles_from_alerts"),
]


@pytest.fixture
def old_schema(transactional_db: None) -> Iterator[Any]:
    """The database as it was before the data migration, and a way to run it."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def old_rows(apps: Any) -> dict[str, Any]:
    now = timezone.now()
    Rule = apps.get_model("monitoring", "AlertRule")
    Alert = apps.get_model("monitoring", "Alert")
    spike = Rule.objects.create(name="Mention spike", finding_kinds=["spike"])
    mine = Rule.objects.create(name="Our own rule", finding_kinds=["toxicity"])

    def alert(rule: Any, key: str, title: str) -> Any:
        return Alert.objects.create(
            rule=rule, group_key=key, title=title, severity="high", category="security",
            first_seen_at=now, last_seen_at=now,
        )  # fmt: skip

    rows = {
        "takeover": alert(spike, "a", "Suspected takeover of X (Twitter) <b>Mosa</b>"),
        "spike": alert(spike, "b", "Mention volume spike — the organisation (peaked)"),
        "rule": alert(mine, "c", "Our own rule — Mosa Bank"),
        "free": alert(mine, "d", "Typed by a person"),
        "spike_rule": spike,
        "own_rule": mine,
    }
    Person = apps.get_model("core", "Person")
    Task = apps.get_model("core", "Task")
    owner = Person.objects.create(first_name="Ann", last_name="Owner", email="ann@example.org")
    rows["task"] = Task.objects.create(
        title=f"Follow up alert: {rows['takeover'].title}",
        description=f"Opened from alert #{rows['takeover'].pk}.",
        owner=owner,
        source="monitoring_alert",
    )
    Alert.objects.filter(pk=rows["takeover"].pk).update(task=rows["task"])
    Incident = apps.get_model("incidents", "Incident")
    incident = Incident.objects.create(
        title=rows["takeover"].title, kind="takeover", severity="critical", detected_at=now,
        contain_due_at=now, resolve_due_at=now,
    )  # fmt: skip
    incident.alerts.add(rows["takeover"])
    rows["incident"] = incident
    return rows


def test_the_data_migration_converts_old_rows_and_leaves_free_text(old_schema: Any) -> None:
    rows = old_rows(old_schema.loader.project_state(BEFORE).apps)
    old_schema.migrate(AFTER)
    apps = old_schema.loader.project_state(AFTER).apps

    def fresh(name: str, app: str, model: str) -> Any:
        return apps.get_model(app, model).objects.get(pk=rows[name].pk)

    takeover = fresh("takeover", "monitoring", "Alert")
    spike = fresh("spike", "monitoring", "Alert")
    own = fresh("rule", "monitoring", "Alert")
    free = fresh("free", "monitoring", "Alert")
    task = fresh("task", "core", "Task")
    incident = fresh("incident", "incidents", "Incident")
    with translation.override("nl"):
        assert message_text(takeover.title_message) == (
            "Vermoedelijke overname van X (Twitter) <b>Mosa</b>"
        )
        assert message_text(spike.title_message) == (
            "Piek in het aantal vermeldingen — de organisatie (piek bereikt)"
        )
        assert message_text(own.title_message) == "Our own rule — Mosa Bank"
        assert message_text(fresh("spike_rule", "monitoring", "AlertRule").name_message) == (
            "Piek in vermeldingen"
        )
        assert message_text(task.title_message).startswith("Melding opvolgen: Vermoedelijke")
        assert (
            message_text(task.description_message) == f"Aangemaakt vanuit melding #{takeover.pk}."
        )
        assert message_text(incident.title_message).startswith("Vermoedelijke overname van")
    assert free.title_message == {}
    assert fresh("own_rule", "monitoring", "AlertRule").name_message == {}


@pytest.mark.parametrize(
    ("reason", "dutch"),
    [
        ("customer complaint about refund, delay", "klacht van een klant over refund, delay"),
        ("negative tone (awful)", "negatieve toon (awful)"),
        ("offensive language (insult, threat)", "beledigend taalgebruik (belediging, bedreiging)"),
        ("One of the posts driving the surge (bank)", "Een van de berichten achter de piek (bank)"),
    ],
)
def test_old_finding_reasons_are_recognised(reason: str, dutch: str) -> None:
    with translation.override("nl"):
        assert message_text(reason_message(reason)) == dutch


def test_unrecognised_texts_stay_free_text() -> None:
    assert reason_message("a reason a custom analyzer wrote") == {}
    assert reason_message("offensive language (made up)") == {}
    assert alert_title_message("Something — else", "Another rule", {}) == {}
