"""Meta (Facebook Pages and Instagram business accounts): the configuration form, the webhook
(subscription handshake and signed comment notifications) and comment moderation."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from socialgov.engine.sources import build_source
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.http import HttpClient
from socialgov.engine.sources.meta import webhooks as meta_webhooks
from socialgov.engine.sources.meta.moderation import ModerationAction, moderate_comment
from socialgov.engine.sources.meta.source import MetaSource
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.models import Connector, Post, PostKind
from socialgov.monitoring.pipeline.ingest import push_accept
from socialgov.monitoring.platforms import fields
from socialgov.monitoring.platforms.base import DemoConnector, Fact, Platform, absolute_url
from socialgov.monitoring.platforms.hooks import push_body, push_connector, refuse

KIND = "meta"
# Posts read through a Meta connector that the Graph API lets the Page moderate.
MODERATED_PLATFORMS = ("facebook", "instagram")


@csrf_exempt
@require_http_methods(["GET", "POST"])
def meta_webhook(request: HttpRequest, pk: int) -> HttpResponse:
    connector = push_connector(pk, KIND)
    if connector is None:
        return JsonResponse({"detail": "not found"}, status=404)
    try:
        secrets = connector.secrets()
    except SecretsUnreadable as error:
        return refuse(connector, str(error), 401)
    if request.method == "GET":
        try:
            challenge = meta_webhooks.verify_challenge(
                {k: str(v) for k, v in request.GET.items()}, str(secrets.get("verify_token", ""))
            )
        except meta_webhooks.SignatureError as error:
            return refuse(connector, str(error), 403)
        return HttpResponse(challenge, content_type="text/plain")
    body = push_body(request)
    if body is None:
        return refuse(connector, "payload too large", 413)
    try:
        meta_webhooks.verify(
            str(secrets.get("app_secret", "")),
            body,
            request.headers.get("X-Hub-Signature-256", ""),
        )
    except meta_webhooks.SignatureError as error:
        return refuse(connector, str(error), 401)
    try:
        config = connector.config
        accounts = {*config.get("pages", []), *config.get("instagram_accounts", [])}
        posts, rejected = meta_webhooks.parse_notification(
            body, now=timezone.now(), accounts={str(item) for item in accounts}
        )
    except InvalidItem as error:
        return refuse(connector, str(error), 400)
    push_accept(connector=connector, posts=posts, rejected=rejected)
    return JsonResponse({"accepted": len(posts), "skipped": len(rejected)})


class MetaPlatform(Platform):
    def config_fields(self) -> dict[str, forms.Field]:
        return {
            "pages": fields.lines(_("Facebook Page ids"), _("Numeric Page ids, one per line.")),
            "instagram_accounts": fields.lines(
                _("Instagram business account ids"), _("Numeric ids, one per line.")
            ),
            "ratings": fields.flag(_("Read Page ratings and reviews")),
            "tags": fields.flag(_("Read Instagram media the account is tagged in")),
            "direct_messages": fields.flag(
                _("Read Messenger and Instagram conversations with the Page"), initial=False
            ),
            "api_version": fields.text(_("Graph API version"), _("For example v21.0.")),
            "api_base": fields.endpoint(_("Graph API address")),
        }

    def facts(self, connector: Connector) -> list[Fact]:
        url = reverse("monitoring-meta-webhook", args=[connector.pk])
        return [Fact(_("Webhook callback URL for Meta"), absolute_url(url))]

    def push_urls(self) -> list[URLPattern]:
        return [
            path("monitoring/webhooks/<int:pk>/meta/", meta_webhook, name="monitoring-meta-webhook")
        ]

    def can_moderate(self, post: Post) -> bool:
        return post.platform in MODERATED_PLATFORMS and post.kind == PostKind.COMMENT

    def moderate(self, post: Post, action: str, http: HttpClient) -> None:
        assert post.connector is not None
        connector = post.connector
        source = build_source(self.kind, connector.config, connector.secrets(), http)
        assert isinstance(source, MetaSource)
        moderate_comment(
            source,
            platform=post.platform,
            comment_id=post.external_id,
            action=ModerationAction(action),
        )

    def demo_connector(self, address: str) -> DemoConnector:
        return DemoConnector(
            "Facebook and Instagram (Meta)",
            ("facebook", "mosaverzekeringen"),
            {"api_base": address, "pages": ["104857600001"],
             "instagram_accounts": ["17841400000000001"]},
            {"access_token": "demo-page-token", "app_secret": "demo-app-secret",
             "verify_token": "demo-verify-token"},
        )  # fmt: skip


PLATFORM = MetaPlatform(KIND)
