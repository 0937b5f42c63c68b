"""Pushes from the platforms themselves: Meta webhooks (subscription handshake and signed
comment notifications) and the Slack Events API (signed event requests).

Authenticated by the platform's signature, not a login. A refused push is logged, counted on
the connector's health and changes nothing already stored; accepted posts are stored before the
answer, so an accepted push is never lost (the platforms retry what they do not see accepted).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.meta import webhooks as meta_webhooks
from socialgov.engine.sources.slack import events as slack_events
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.models import Connector
from socialgov.monitoring.pipeline.ingest import push_accept, push_refuse

logger = logging.getLogger(__name__)

MAX_PUSH_BYTES = 1024 * 1024


def _connector(pk: int, kind: str) -> Connector | None:
    return Connector.objects.filter(pk=pk, kind=kind, is_active=True).first()


def _refuse(connector: Connector, reason: str, status: int) -> HttpResponse:
    push_refuse(connector=connector, reason=reason)
    return JsonResponse({"detail": reason}, status=status)


def push_body(request: HttpRequest) -> bytes | None:
    """The request body, or None when it is larger than a push may be."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_PUSH_BYTES:
        return None
    body = request.body
    return body if len(body) <= MAX_PUSH_BYTES else None


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta_webhook(request: HttpRequest, pk: int) -> HttpResponse:
    connector = _connector(pk, "meta")
    if connector is None:
        return JsonResponse({"detail": "not found"}, status=404)
    try:
        secrets = connector.secrets()
    except SecretsUnreadable as error:
        return _refuse(connector, str(error), 401)
    if request.method == "GET":
        try:
            challenge = meta_webhooks.verify_challenge(
                {k: str(v) for k, v in request.GET.items()}, str(secrets.get("verify_token", ""))
            )
        except meta_webhooks.SignatureError as error:
            return _refuse(connector, str(error), 403)
        return HttpResponse(challenge, content_type="text/plain")
    body = push_body(request)
    if body is None:
        return _refuse(connector, "payload too large", 413)
    try:
        meta_webhooks.verify(
            str(secrets.get("app_secret", "")),
            body,
            request.headers.get("X-Hub-Signature-256", ""),
        )
    except meta_webhooks.SignatureError as error:
        return _refuse(connector, str(error), 401)
    try:
        config = connector.config
        accounts = {*config.get("pages", []), *config.get("instagram_accounts", [])}
        posts, rejected = meta_webhooks.parse_notification(
            body, now=timezone.now(), accounts={str(item) for item in accounts}
        )
    except InvalidItem as error:
        return _refuse(connector, str(error), 400)
    push_accept(connector=connector, posts=posts, rejected=rejected)
    return JsonResponse({"accepted": len(posts), "skipped": len(rejected)})


@csrf_exempt
@require_http_methods(["POST"])
def slack_events_endpoint(request: HttpRequest, pk: int) -> HttpResponse:
    connector = _connector(pk, "slack")
    if connector is None:
        return JsonResponse({"detail": "not found"}, status=404)
    body = push_body(request)
    if body is None:
        return _refuse(connector, "payload too large", 413)
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
        return _refuse(connector, str(error), 401)
    config = connector.config
    try:
        result = slack_events.parse_event(
            body,
            channels=list(config.get("channels", [])),
            team=str(config.get("team_id", "")),
            now=now,
        )
    except InvalidItem as error:
        return _refuse(connector, str(error), 400)
    if result.challenge:
        return JsonResponse({"challenge": result.challenge})
    if result.posts:
        push_accept(connector=connector, posts=result.posts, rejected=[])
    for item in result.rejected:
        logger.info("slack connector %s: %s", connector.pk, item.reason)
    # Slack retries anything but a quick 2xx; skipped events are answered 200 too.
    return JsonResponse({"accepted": len(result.posts)})
