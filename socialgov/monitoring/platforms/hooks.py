"""Pushes from the platforms themselves: Meta webhooks (subscription handshake and signed
comment notifications) and the Slack Events API (signed event requests).

Authenticated by the platform's signature, not a login. A refused push is logged, counted on
the connector's health and changes nothing already stored; accepted posts are stored before the
answer, so an accepted push is never lost (the platforms retry what they do not see accepted).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from django.conf import settings
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from socialgov.engine.sources import IncomingPost, Rejection
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.meta import webhooks as meta_webhooks
from socialgov.engine.sources.slack import events as slack_events
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.models import Connector, ConnectorHealth
from socialgov.monitoring.pipeline.store import posts_store

logger = logging.getLogger(__name__)

MAX_PUSH_BYTES = 1024 * 1024


def _connector(pk: int, kind: str) -> Connector | None:
    return Connector.objects.filter(pk=pk, kind=kind, is_active=True).first()


def _refuse(connector: Connector, reason: str, status: int) -> HttpResponse:
    logger.warning("%s connector %s: push refused: %s", connector.kind, connector.pk, reason)
    problem = {
        "at": timezone.now().isoformat(),
        "reason": f"push refused: {reason}"[:300],
        "sample": "",
    }
    Connector.objects.filter(pk=connector.pk).update(
        health=ConnectorHealth.DEGRADED,
        last_error=f"push refused: {reason}"[:2000],
        items_rejected=F("items_rejected") + 1,
        recent_problems=[problem, *(connector.recent_problems or [])][:20],
    )
    return JsonResponse({"detail": reason}, status=status)


def _body(request: HttpRequest) -> bytes | None:
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not declared.isdigit() or int(declared) > MAX_PUSH_BYTES:
        return None
    body = request.body
    return body if len(body) <= MAX_PUSH_BYTES else None


def _store(
    connector: Connector, posts: Sequence[IncomingPost], rejected: Sequence[Rejection]
) -> None:
    now = timezone.now()
    posts_store(posts=posts, connector=connector, rejected=rejected)
    Connector.objects.filter(pk=connector.pk).update(
        health=ConnectorHealth.OK, last_success_at=now, last_polled_at=now
    )
    if settings.SOCIALGOV_EXECUTOR == "celery" and posts:
        from socialgov.monitoring.jobs.dispatch import submit

        submit("analyse_pending")


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
    body = _body(request)
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
    _store(connector, posts, rejected)
    return JsonResponse({"accepted": len(posts), "skipped": len(rejected)})


@csrf_exempt
@require_http_methods(["POST"])
def slack_events_endpoint(request: HttpRequest, pk: int) -> HttpResponse:
    connector = _connector(pk, "slack")
    if connector is None:
        return JsonResponse({"detail": "not found"}, status=404)
    body = _body(request)
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
        _store(connector, result.posts, [])
    for item in result.rejected:
        logger.info("slack connector %s: %s", connector.pk, item.reason)
    # Slack retries anything but a quick 2xx; skipped events are answered 200 too.
    return JsonResponse({"accepted": len(result.posts)})
