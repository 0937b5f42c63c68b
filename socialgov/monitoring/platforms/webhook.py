"""The signed webhook: any system that can sign a request pushes posts in the socialgov push
format (`socialgov.engine.sources.webhook`) to its own connector."""

from __future__ import annotations

from django.urls import URLPattern, path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.webhook import SignatureError, parse_push, verify_signature
from socialgov.monitoring.encryption import SecretsUnreadable
from socialgov.monitoring.pipeline.ingest import push_accept, push_refuse
from socialgov.monitoring.platforms.base import Platform
from socialgov.monitoring.platforms.hooks import push_body, push_connector

KIND = "webhook"


class WebhookView(APIView):
    """Receives posts pushed to a webhook connector. Authenticated by the HMAC signature:
    X-Socialgov-Timestamp (Unix seconds) and X-Socialgov-Signature (sha256=hex of
    HMAC-SHA256(secret, timestamp + "." + body)). Accepted posts are stored before the answer,
    so an accepted push is never lost; analysis follows in the worker."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        request=None,
        responses=inline_serializer(
            "WebhookResult",
            {
                "accepted": serializers.IntegerField(),
                "rejected": serializers.ListField(child=serializers.CharField()),
            },
        ),
    )
    def post(self, request: Request, pk: int) -> Response:
        connector = push_connector(pk, KIND)
        if connector is None:
            raise NotFound
        body = push_body(request)
        if body is None:
            return Response({"detail": "payload too large"}, status=413)
        now = timezone.now()
        try:
            secret = str(connector.secrets().get("signing_secret", ""))
            verify_signature(
                secret=secret,
                timestamp=request.headers.get("X-Socialgov-Timestamp", ""),
                body=body,
                signature=request.headers.get("X-Socialgov-Signature", ""),
                now=now,
            )
        except (SignatureError, SecretsUnreadable) as error:
            push_refuse(connector=connector, reason=str(error))
            return Response({"detail": "signature refused"}, status=401)
        try:
            posts, rejected = parse_push(
                body,
                now=now,
                default_platform=connector.config.get("platform", ""),
                default_channel=connector.config.get("channel", ""),
            )
        except InvalidItem as error:
            return Response({"detail": str(error)}, status=400)
        push_accept(connector=connector, posts=posts, rejected=rejected)
        return Response(
            {"accepted": len(posts), "rejected": [r.reason for r in rejected]},
            status=status.HTTP_202_ACCEPTED,
        )


class WebhookPlatform(Platform):
    def push_urls(self) -> list[URLPattern]:
        return [
            path("monitoring/webhooks/<int:pk>/", WebhookView.as_view(), name="monitoring-webhook")
        ]


PLATFORM = WebhookPlatform(KIND)
