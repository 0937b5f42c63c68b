"""Demo: one configured connector per commercial and internal platform, attached to the demo
organisation's channels and pointing at the local fixture server (`socialgov
platform_fixtures`), so the configuration, health and budget pages can be shown offline.

They start inactive unless SOCIALGOV_DEMO_FIXTURE_URL names a running fixture server (then
they poll it; the connector guard must allow it, e.g.
SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS=127.0.0.1/32). Idempotent.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from socialgov.channels.models import Channel
from socialgov.core.demo import DemoContext, register_demo_builder
from socialgov.engine.sources.recorded_server import DEFAULT_PORT
from socialgov.monitoring import services
from socialgov.monitoring.models import Connector

PREFIX = "Demo: "


def demo_connectors(base: str) -> list[dict[str, Any]]:
    """(name, kind, channel platform and handle, config, secrets) of each demo connector."""

    def at(platform: str) -> str:
        return f"{base.rstrip('/')}/{platform}"

    return [
        {"name": "Facebook and Instagram (Meta)", "kind": "meta",
         "channel": ("facebook", "mosaverzekeringen"),
         "config": {"api_base": at("meta"), "pages": ["104857600001"],
                    "instagram_accounts": ["17841400000000001"]},
         "secrets": {"access_token": "demo-page-token", "app_secret": "demo-app-secret",
                     "verify_token": "demo-verify-token"}},
        {"name": "X brand search and own account", "kind": "x", "channel": ("x", "mosa_be"),
         "config": {"api_base": at("x"), "searches": ["mosa OR #mosa -is:retweet"],
                    "user_ids": ["2001"], "monthly_read_budget": 10000},
         "secrets": {"bearer_token": "demo-bearer"}},
        {"name": "LinkedIn company page", "kind": "linkedin",
         "channel": ("linkedin", "company/mosa-verzekeringen"),
         "config": {"api_base": at("linkedin"), "oauth_base": at("linkedin"),
                    "organizations": ["5515715"]},
         "secrets": {"access_token": "demo-linkedin-token"}},
        {"name": "YouTube channel and brand search", "kind": "youtube",
         "channel": ("youtube", "@mosabe"),
         "config": {"api_base": at("youtube"), "oauth_base": at("youtube"),
                    "channel_ids": ["UCmosa1234567890abcdefgh"], "searches": ["mosa verzekering"]},
         "secrets": {"api_key": "demo-api-key"}},
        {"name": "Reddit r/belgium and search", "kind": "reddit",
         "channel": ("reddit", "u/mosa_official"),
         "config": {"api_base": at("reddit"), "auth_base": at("reddit"), "subreddits": ["belgium"],
                    "searches": ["mosa insurance"],
                    "user_agent": "web:socialgov-demo:1.0 (by /u/mosa_official)"},
         "secrets": {"client_id": "demo-client", "client_secret": "demo-secret"}},
        {"name": "Slack security channel", "kind": "slack",
         "channel": ("slack", "mosa-it/security-alerts"),
         "config": {"api_base": at("slack"), "channels": ["C0MOSAGEN1"], "team_id": "T0MOSA01",
                    "retention_days": 90, "backfill_days": 7},
         "secrets": {"bot_token": "xoxb-demo", "signing_secret": "demo-signing-secret"}},
        {"name": "Viva Engage communities", "kind": "viva_engage",
         "channel": ("viva_engage", "all company"),
         "config": {"engage_base": at("viva_engage"), "graph_base": at("viva_engage"),
                    "login_base": at("viva_engage"), "tenant": "mosa.example",
                    "group_ids": ["150000001"], "retention_days": 90},
         "secrets": {"client_id": "demo-client", "client_secret": "demo-secret"}},
        {"name": "Salesforce Chatter broker group", "kind": "chatter",
         "channel": ("chatter", "broker network"),
         "config": {"instance_url": at("chatter"), "group_ids": ["0F95g000000ABCDCA4"],
                    "retention_days": 90},
         "secrets": {"client_id": "demo-client", "client_secret": "demo-secret"}},
    ]  # fmt: skip


def _channel(platform: str, handle: str) -> Channel | None:
    return Channel.objects.filter(platform=platform, handle__iexact=handle).first()


@register_demo_builder
def build_platform_connectors(context: DemoContext) -> None:
    running = settings.SOCIALGOV_DEMO_FIXTURE_URL
    base = running or f"http://127.0.0.1:{DEFAULT_PORT}"
    created = 0
    for item in demo_connectors(base):
        name = PREFIX + item["name"]
        if Connector.objects.filter(name=name).exists():
            continue
        services.connector_create(
            actor=None,
            name=name,
            kind=item["kind"],
            config=item["config"],
            secrets=item["secrets"],
            channel=_channel(*item["channel"]),
            is_active=bool(running),
            poll_interval_seconds=900,
        )
        created += 1
    if created:
        context.log.append(
            f"monitoring: {created} platform connectors pointing at the fixture server {base}"
            + ("" if running else " (inactive: run `socialgov platform_fixtures --activate`)")
        )
