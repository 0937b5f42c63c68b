"""Back-pressure: connectors wait while the analysis backlog is above its limit, without losing
anything, and resume once analysis has caught up; the figures are for admins only."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from socialgov.monitoring import services
from socialgov.monitoring.demo_stream import write_stream
from socialgov.monitoring.models import AnalysisState, Connector, Post
from socialgov.monitoring.pipeline.analyse import analyse_until_idle
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.tests.pattern_analyzer import analyze


def _connector(tmp_path: Path, settings, posts: int) -> Connector:
    settings.SOCIALGOV_IMPORT_DIRS = [str(tmp_path)]
    path = write_stream(tmp_path / "stream.jsonl", posts, seed=3)
    return services.connector_create(
        actor=None, name="file", kind="file", config={"path": str(path), "batch_size": 50}
    )


def test_a_connector_pauses_above_the_backlog_limit_and_resumes_where_it_stopped(
    db, tmp_path: Path, settings
) -> None:
    settings.SOCIALGOV_BACKLOG_LIMIT = 100
    connector = _connector(tmp_path, settings, 300)

    first = connector_poll(connector_id=connector.pk)
    assert first.paused and first.stored == 150  # stops after the batch that crossed the limit
    cursor = Connector.objects.get(pk=connector.pk).cursor

    again = connector_poll(connector_id=connector.pk)
    assert again.paused and again.batches == 0
    assert Post.objects.count() == 150
    assert Connector.objects.get(pk=connector.pk).cursor == cursor

    analyse_until_idle(analyze=analyze)
    resumed = connector_poll(connector_id=connector.pk)
    assert resumed.stored == 150
    analyse_until_idle(analyze=analyze)
    assert not connector_poll(connector_id=connector.pk).paused
    assert Post.objects.count() == 300
    assert Post.objects.filter(analysis_state=AnalysisState.DONE).count() == 300


def test_healthz_shows_queue_depth_and_lag_per_stage_to_an_admin(
    client, admin_user, tmp_path: Path, settings
) -> None:
    settings.SOCIALGOV_BACKLOG_LIMIT = 10
    connector = _connector(tmp_path, settings, 60)
    connector_poll(connector_id=connector.pk)
    Post.objects.update(received_at=timezone.now() - dt.timedelta(hours=1))
    client.force_login(admin_user)

    detail = client.get("/healthz?detail=1").json()["pipeline"]

    stages = {stage["stage"]: stage for stage in detail["stages"]}
    assert set(stages) == {"poll", "analysis", "detection", "notification"}
    assert stages["analysis"]["depth"] == 50
    assert 3600 <= stages["analysis"]["lag_seconds"] < 3700  # the oldest post waits an hour
    assert detail["intake_paused"] is True and detail["backlog_limit"] == 10


def test_healthz_hides_the_pipeline_figures_from_anyone_but_an_admin(
    client, analyst, owner
) -> None:
    assert client.get("/healthz?detail=1").json() == {"status": "ok"}
    for user in (analyst, owner):
        client.force_login(user)
        assert client.get("/healthz?detail=1").json() == {"status": "ok"}


def test_the_connectors_page_shows_the_pipeline_to_an_admin_only(
    client, admin_user, owner, tmp_path: Path, settings
) -> None:
    settings.SOCIALGOV_BACKLOG_LIMIT = 10
    connector = _connector(tmp_path, settings, 60)
    connector_poll(connector_id=connector.pk)

    client.force_login(admin_user)
    page = client.get("/monitoring/connectors/").content.decode()
    assert "Polling is paused" in page and "<td>50</td>" in page

    client.force_login(owner)
    assert "Polling is paused" not in client.get("/monitoring/connectors/").content.decode()
