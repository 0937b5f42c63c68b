"""The operator commands and the dashboard card."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from socialgov.core.models import User
from socialgov.monitoring import services
from socialgov.monitoring.demo import RULES
from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.models import Alert, AnalysisState, Connector, Post
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(owner: User, tmp_path: Path, settings):
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    make_channel(owner.person, platform="x", handle="mosa_be")
    for rule in RULES:
        services.alert_rule_create(actor=None, **rule)
    return write_stream(tmp_path / "stream.jsonl", 200, seed=21)


def test_monitor_until_idle_polls_analyses_and_stops(monitored: Path) -> None:
    services.connector_create(
        actor=None, name="stream", kind="file", config={"path": str(monitored)}
    )
    out = io.StringIO()
    call_command("monitor", "--until-idle", "--interval", "0.01", stdout=out)
    assert Post.objects.count() == 200
    assert not Post.objects.exclude(analysis_state=AnalysisState.DONE).exists()
    assert "200 posts analysed" in out.getvalue()
    assert Connector.objects.get().cursor["offset"] == monitored.stat().st_size


def test_replay_prints_throughput_and_latency(monitored: Path) -> None:
    out = io.StringIO()
    call_command("replay", str(monitored), stdout=out)
    text = out.getvalue()
    assert "200 posts read, 200 stored" in text
    assert "arrival to alert: p50" in text
    assert Alert.objects.exists()


def test_replay_refuses_a_missing_file(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("replay", str(tmp_path / "nope.jsonl"))


def test_the_dashboard_counts_the_owners_open_alerts(monitored: Path, owner: User) -> None:
    call_command("replay", str(monitored), stdout=io.StringIO())
    mine = Alert.objects.filter(owner=owner.person).count()
    assert mine > 0
    page = Client()
    page.force_login(owner)
    html = page.get("/").content.decode()
    assert "Open alerts" in html
    assert f'<span class="card-value">{mine}</span>' in html.replace("\n", "")


def test_the_built_in_toxic_rule_alerts_on_bullying_between_colleagues(
    owner: User, tmp_path: Path
) -> None:
    make_channel(owner.person, platform="slack", handle="webcare")
    for rule in RULES:
        services.alert_rule_create(actor=None, **rule)
    stream = tmp_path / "internal.jsonl"
    stream.write_text(
        '{"platform": "slack", "id": "int-1", "kind": "internal", "channel": "webcare",'
        ' "text": "You are a useless idiot, nobody wants you on this team",'
        ' "created_at": "2026-12-01T09:00:00+00:00",'
        ' "author": {"id": "colleague-7", "handle": "colleague7"}}\n'
    )
    call_command("replay", str(stream), stdout=io.StringIO())
    post = Post.objects.get()
    assert post.kind == "internal"
    toxic = Alert.objects.filter(rule__name="Toxic comment or mention", channel=post.channel)
    assert toxic.exists()
