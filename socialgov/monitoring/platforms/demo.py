"""Demo: one configured connector per commercial and internal platform (each platform module's
`demo_connector`), attached to the demo organisation's channels and pointing at the local
fixture server (`socialgov platform_fixtures`), so the configuration, health and budget pages
can be shown offline.

They start inactive unless SOCIALGOV_DEMO_FIXTURE_URL names a running fixture server (then
they poll it; the connector guard must allow it, e.g.
SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS=127.0.0.1/32). Idempotent.
"""

from __future__ import annotations

from django.conf import settings

from socialgov.channels.models import Channel
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.engine.sources.recorded_server import DEFAULT_PORT
from socialgov.monitoring import services
from socialgov.monitoring.models import Connector
from socialgov.monitoring.platforms.base import DemoConnector
from socialgov.monitoring.platforms.registry import platforms

PREFIX = "Demo: "


def demo_connectors(base: str) -> list[tuple[str, DemoConnector]]:
    """(kind, connector) of each platform that has one in the demo, in the registry's order."""
    found = []
    for platform in platforms():
        connector = platform.demo_connector(f"{base.rstrip('/')}/{platform.kind}")
        if connector is not None:
            found.append((platform.kind, connector))
    return found


def _channel(platform: str, handle: str) -> Channel | None:
    return Channel.objects.filter(platform=platform, handle__iexact=handle).first()


@register_demo_builder
def build_platform_connectors(context: DemoContext) -> None:
    running = settings.SOCIALGOV_DEMO_FIXTURE_URL
    base = running or f"http://127.0.0.1:{DEFAULT_PORT}"
    created = 0
    for kind, item in demo_connectors(base):
        name = PREFIX + item.name
        if Connector.objects.filter(name=name).exists():
            continue
        services.connector_create(
            actor=None,
            name=name,
            kind=kind,
            config=item.config,
            secrets=item.secrets,
            channel=_channel(*item.channel),
            is_active=bool(running),
            poll_interval_seconds=900,
        )
        created += 1
    if created:
        context.log.append(
            f"monitoring: {created} platform connectors pointing at the fixture server {base}"
            + ("" if running else " (inactive: run `socialgov platform_fixtures --activate`)")
        )
