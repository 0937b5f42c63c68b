"""Slack (internal): the configuration form and the Events API endpoint (signed event
requests), whose address the Slack app must be told."""

from __future__ import annotations

import datetime as dt
import logging

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.slack import events as slack_events
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.models import Connector
from socialgov.monitoring.pipeline.ingest import push_accept
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Fact, Platform, absolute_url
from socialgov.monitoring.platforms.hooks import push_body, push_connector, refuse

KIND = "slack"
logger = logging.getLogger(__name__)


@csrf_exempt
@require_http_methods(["POST"])
def slack_events_endpoint(request: HttpRequest, pk: int) -> HttpResponse:
    connector = push_connector(pk, KIND)
    if connector is None:
        return JsonResponse({"detail": "not found"}, status=404)
    body = push_body(request)
    if body is None:
        return refuse(connector, "payload too large", 413)
    now: dt.datetime = timezone.now()
    try:
        slack_events.verify(
            secret=str(connector.secrets().get("signing_secret", "")),
            timestamp=request.headers.get("X-Slack-Request-Timestamp", ""),
            body=body,
            signature=request.headers.get("X-Slack-Signature", ""),
            now=now,
        )
    except (slack_events.SignatureError, SecretsUnreadable) as error:
        return refuse(connector, str(error), 401)
    config = connector.config
    try:
        result = slack_events.parse_event(
            body,
            channels=list(config.get("channels", [])),
            team=str(config.get("team_id", "")),
            now=now,
        )
    except InvalidItem as error:
        return refuse(connector, str(error), 400)
    if result.challenge:
        return JsonResponse({"challenge": result.challenge})
    if result.posts:
        push_accept(connector=connector, posts=result.posts, rejected=[])
    for item in result.rejected:
        logger.info("slack connector %s: %s", connector.pk, item.reason)
    # Slack retries anything but a quick 2xx; skipped events are answered 200 too.
    return JsonResponse({"accepted": len(result.posts)})


class SlackPlatform(Platform):
    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "channels": fields.lines(
                _("Channel ids"), _("C… ids of public channels, one per line.")
            ),
            "team_id": fields.text(
                _("Workspace id"), _("T… id; events from other workspaces are refused.")
            ),
            "retention_days": fields.retention_days(),
            "backfill_days": fields.number(_("History to read on the first poll (days)"), 0, 3650),
            "api_base": fields.endpoint(_("Slack API address")),
        }

    def facts(self, connector: Connector) -> list[Fact]:
        url = reverse("monitoring-slack-events", args=[connector.pk])
        return [Fact(_("Events API request URL for Slack"), absolute_url(url))]

    def push_urls(self) -> list[URLPattern]:
        return [
            path(
                "monitoring/webhooks/<int:pk>/slack/",
                slack_events_endpoint,
                name="monitoring-slack-events",
            )
        ]

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "Slack security channel",
            ("slack", "mosa-it/security-alerts"),
            {"api_base": address, "channels": ["C0MOSAGEN1"], "team_id": "T0MOSA01",
             "retention_days": 90, "backfill_days": 7},
            {"bot_token": "xoxb-demo", "signing_secret": "demo-signing-secret"},
        )  # fmt: skip


PLATFORM = SlackPlatform(KIND)
