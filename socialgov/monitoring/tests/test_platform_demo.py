"""The demo's platform connectors against the local fixture server: every platform polls,
stores posts and shows healthy, offline."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from socialgov.core.demo import DemoContext
from socialgov.engine.sources.recorded_server import recorded_answer, serve_in_background
from socialgov.engine.tests.played_server import local_client
from socialgov.monitoring.models import Connector, ConnectorHealth, Post, PostKind
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.platforms.demo import PREFIX, build_platform_connectors

pytestmark = pytest.mark.django_db

PLATFORMS = {"meta", "x", "linkedin", "youtube", "reddit", "slack", "viva_engage", "chatter"}


def test_the_demo_has_one_connector_per_platform_and_building_it_twice_changes_nothing(
    settings,
) -> None:
    settings.SOCIALGOV_DEMO_FIXTURE_URL = ""
    build_platform_connectors(DemoContext())
    build_platform_connectors(DemoContext())
    connectors = Connector.objects.filter(name__startswith=PREFIX)
    assert {c.kind for c in connectors} == PLATFORMS
    assert connectors.count() == len(PLATFORMS)
    assert not connectors.filter(is_active=True).exists()  # no fixture server named


def test_every_demo_connector_polls_the_fixture_server_and_stores_posts(settings) -> None:
    server = serve_in_background(0)
    try:
        settings.SOCIALGOV_DEMO_FIXTURE_URL = f"http://127.0.0.1:{server.server_address[1]}"
        build_platform_connectors(DemoContext())
        for connector in Connector.objects.filter(name__startswith=PREFIX):
            result = connector_poll(connector_id=connector.pk, http=local_client())
            assert not result.error, (connector.kind, result.error)
    finally:
        server.shutdown()
        server.server_close()
    for connector in Connector.objects.filter(name__startswith=PREFIX):
        assert connector.health in (ConnectorHealth.OK, ConnectorHealth.DEGRADED), connector.kind
        assert Post.objects.filter(connector=connector).exists(), connector.kind
    internal = Post.objects.filter(connector__kind__in=["slack", "viva_engage", "chatter"])
    assert internal.exists() and set(internal.values_list("kind", flat=True)) == {PostKind.INTERNAL}


def test_the_fixture_server_answers_only_recorded_paths() -> None:
    assert recorded_answer("/x/2/tweets/search/recent", "query=mosa") is not None
    assert recorded_answer("/x/2/tweets/search/recent", "since_id=1") == recorded_answer(
        "/x/2/users/1/tweets", "since_id=5"
    )
    assert recorded_answer("/x/../../etc/passwd", "") is None
    assert recorded_answer("/nowhere/at/all", "") is None


def test_the_command_activates_the_demo_connectors(settings, monkeypatch) -> None:
    settings.SOCIALGOV_DEMO_FIXTURE_URL = ""
    build_platform_connectors(DemoContext())

    class Once:
        server_address = ("127.0.0.1", 9999)

        def serve_forever(self) -> None:
            raise KeyboardInterrupt

        def server_close(self) -> None:
            pass

    monkeypatch.setattr(
        "socialgov.monitoring.management.commands.platform_fixtures.serve", lambda port: Once()
    )
    call_command("platform_fixtures", "--activate")
    connectors = Connector.objects.filter(name__startswith=PREFIX)
    assert all(c.is_active for c in connectors)
    assert connectors.get(kind="x").config["api_base"] == "http://127.0.0.1:9999/x"
    assert connectors.get(kind="chatter").config["instance_url"] == "http://127.0.0.1:9999/chatter"
