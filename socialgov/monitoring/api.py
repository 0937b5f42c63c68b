"""REST API: alerts (and acting on them), alert rules, connectors, posts, and the signed
webhook that receives pushes."""

from __future__ import annotations

import logging
from typing import Any

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer, query_int
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import Person, User
from socialgov.core.pagination import LimitOffsetOrCursorPagination
from socialgov.core.schema import flag_parameter, id_parameter, list_filters, text_parameter
from socialgov.engine.sources import source_kinds
from socialgov.monitoring import selectors, services
from socialgov.monitoring.evidence import evidence_view
from socialgov.monitoring.models import (
    Alert,
    AlertCategory,
    AlertRule,
    AlertSeverity,
    ChatFormat,
    Connector,
    Post,
    PostKind,
)

logger = logging.getLogger(__name__)


class AlertOutput(serializers.ModelSerializer[Alert]):
    channel_name = serializers.SerializerMethodField()
    # Composed in the request's language, like the pages.
    title = serializers.CharField(source="display_title", read_only=True)

    class Meta:
        model = Alert
        fields = (
            "id",
            "title",
            "rule",
            "channel",
            "channel_name",
            "owner",
            "severity",
            "category",
            "status",
            "escalation_level",
            "evidence_count",
            "has_internal_content",
            "first_seen_at",
            "last_seen_at",
            "acknowledged_at",
            "closed_at",
            "note",
            "task",
        )

    def get_channel_name(self, alert: Alert) -> str:
        return str(alert.channel) if alert.channel_id else ""


class EvidenceOutput(serializers.Serializer):  # type: ignore[type-arg]
    analyzer = serializers.CharField()
    kind = serializers.CharField()
    score = serializers.FloatField()
    reason = serializers.CharField()
    span_start = serializers.IntegerField(allow_null=True)
    span_end = serializers.IntegerField(allow_null=True)
    post_id = serializers.IntegerField()
    platform = serializers.CharField()
    post_kind = serializers.CharField()
    url = serializers.CharField()
    published_at = serializers.DateTimeField()
    author = serializers.CharField()
    # Null when the reader may not see internal content.
    text = serializers.CharField(allow_null=True)


class AlertDetailOutput(AlertOutput):
    evidence = serializers.SerializerMethodField()

    class Meta(AlertOutput.Meta):
        fields: tuple[str, ...] = (*AlertOutput.Meta.fields, "evidence")  # type: ignore[assignment]

    @extend_schema(exclude=True)
    def get_evidence(self, alert: Alert) -> list[dict[str, Any]]:
        user = self.context["request"].user
        rows = []
        for item in selectors.alert_evidence(alert=alert):
            view = evidence_view(user, item)
            finding, post = view.finding, view.post
            rows.append(
                {
                    "analyzer": finding.analyzer,
                    "kind": finding.kind,
                    "score": finding.score,
                    "reason": finding.display_reason,
                    "span_start": finding.span_start,
                    "span_end": finding.span_end,
                    "post_id": post.pk,
                    "platform": post.platform,
                    "post_kind": post.kind,
                    "url": post.url,
                    "published_at": post.published_at,
                    "author": str(post.author) if post.author else "",
                    "text": None if view.hidden else post.text,
                }
            )
        return EvidenceOutput(rows, many=True).data  # type: ignore[return-value]


class AlertNoteInput(StrictSerializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000)


@list_filters(
    text_parameter("status", "open (open or acknowledged) or a status"),
    text_parameter("severity", "a severity"),
    text_parameter("category", "a category"),
    id_parameter("channel"),
    flag_parameter("mine", "only the alerts assigned to me"),
)
class AlertViewSet(viewsets.ReadOnlyModelViewSet[Alert]):
    """Alerts the user may see. Filters: status (open = open or acknowledged), severity,
    category, channel, mine=true."""

    queryset = Alert.objects.all()
    serializer_class = AlertOutput
    pagination_class = LimitOffsetOrCursorPagination

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.alert_list(
            user=self.request.user,
            status=params.get("status", "")[:20],
            severity=params.get("severity", "")[:20],
            category=params.get("category", "")[:20],
            channel_id=query_int(params, "channel"),
            mine=params.get("mine") == "true",
        )

    def get_serializer_class(self) -> Any:
        return AlertDetailOutput if self.action == "retrieve" else AlertOutput

    def _act(self, request: Request, handler: Any, *, with_note: bool) -> Response:
        alert = self.get_object()
        if not permissions.can_change(request.user, alert):
            raise PermissionDenied
        data = AlertNoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs = {"note": data.validated_data.get("note", "")} if with_note else {}
        alert = handler(actor=permissions.acting_user(request.user), alert=alert, **kwargs)
        return Response(AlertOutput(alert).data)

    @extend_schema(request=AlertNoteInput, responses=AlertOutput)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.alert_acknowledge, with_note=False)

    @extend_schema(request=AlertNoteInput, responses=AlertOutput)
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.alert_resolve, with_note=True)

    @extend_schema(request=AlertNoteInput, responses=AlertOutput)
    @action(detail=True, methods=["post"], url_path="false-positive")
    def false_positive(self, request: Request, pk: str | None = None) -> Response:
        return self._act(request, services.alert_mark_false_positive, with_note=True)

    @extend_schema(
        request=None, responses=inline_serializer("AlertTask", {"task": serializers.IntegerField()})
    )
    @action(detail=True, methods=["post"], url_path="open-task")
    def open_task(self, request: Request, pk: str | None = None) -> Response:
        alert = self.get_object()
        if not permissions.can_change(request.user, alert):
            raise PermissionDenied
        task = services.alert_open_task(actor=permissions.acting_user(request.user), alert=alert)
        return Response({"task": task.pk}, status=status.HTTP_201_CREATED)


class AlertRuleOutput(serializers.ModelSerializer[AlertRule]):
    class Meta:
        model = AlertRule
        fields = (
            "id",
            "name",
            "channel",
            "finding_kinds",
            "post_kinds",
            "min_score",
            "min_reach",
            "severity",
            "category",
            "escalate_after_minutes",
            "chat_format",
            "is_active",
            "false_positive_count",
        )


class AlertRuleInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    channel = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )
    finding_kinds = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=1, max_length=50
    )
    post_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=PostKind.choices), required=False, max_length=10
    )
    min_score = serializers.FloatField(min_value=0, max_value=1, required=False)
    min_reach = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    severity = serializers.ChoiceField(choices=AlertSeverity.choices, required=False)
    category = serializers.ChoiceField(choices=AlertCategory.choices, required=False)
    escalate_after_minutes = serializers.IntegerField(
        min_value=1, max_value=60 * 24 * 30, required=False, allow_null=True
    )
    chat_format = serializers.ChoiceField(
        choices=ChatFormat.choices, required=False, allow_blank=True
    )
    chat_webhook_url = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, write_only=True
    )
    is_active = serializers.BooleanField(required=False)


class AlertRuleUpdateInput(AlertRuleInput):
    name = serializers.CharField(max_length=200, required=False)
    finding_kinds = serializers.ListField(
        child=serializers.CharField(max_length=100), min_length=1, max_length=50, required=False
    )


class AlertRuleViewSet(ServiceWriteViewSet[AlertRule]):
    queryset = AlertRule.objects.all()
    serializer_class = AlertRuleOutput
    create_input = AlertRuleInput
    update_input = AlertRuleUpdateInput

    def get_queryset(self) -> Any:
        return selectors.alert_rule_list(user=self.request.user)

    def service_create(self, *, actor: User, data: dict[str, Any]) -> AlertRule:
        return services.alert_rule_create(actor=actor, **data)

    def service_update(
        self, *, actor: User, instance: AlertRule, data: dict[str, Any]
    ) -> AlertRule:
        if "channel" in data and not permissions.can_create(actor, AlertRule):
            raise PermissionDenied  # owners tune their rules but do not move them elsewhere
        return services.alert_rule_update(actor=actor, rule=instance, **data)


class ConnectorOutput(serializers.ModelSerializer[Connector]):
    secrets_set = serializers.SerializerMethodField()

    class Meta:
        model = Connector
        fields = (
            "id",
            "name",
            "kind",
            "config",
            "secrets_set",
            "channel",
            "contact",
            "is_active",
            "poll_interval_seconds",
            "health",
            "last_error",
            "last_polled_at",
            "last_success_at",
            "posts_received",
            "items_rejected",
        )

    def get_secrets_set(self, connector: Connector) -> bool:
        return bool(connector.secrets_token)


def _kind_choices() -> list[tuple[str, str]]:
    return [(spec.kind, spec.label) for spec in source_kinds()]


class ConnectorInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=[])
    config = serializers.JSONField()
    secrets = serializers.DictField(
        child=serializers.CharField(max_length=5000), required=False, write_only=True
    )
    channel = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )
    contact = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)
    poll_interval_seconds = serializers.IntegerField(min_value=5, max_value=86_400, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = _kind_choices()  # type: ignore[attr-defined]


class ConnectorUpdateInput(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    config = serializers.JSONField(required=False)
    secrets = serializers.DictField(
        child=serializers.CharField(max_length=5000), required=False, write_only=True
    )
    channel = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )
    contact = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    is_active = serializers.BooleanField(required=False)
    poll_interval_seconds = serializers.IntegerField(min_value=5, max_value=86_400, required=False)
    reset_cursor = serializers.BooleanField(required=False)


class ConnectorViewSet(ServiceWriteViewSet[Connector]):
    queryset = Connector.objects.all()
    serializer_class = ConnectorOutput
    create_input = ConnectorInput
    update_input = ConnectorUpdateInput

    def get_queryset(self) -> Any:
        return selectors.connector_list(user=self.request.user)

    def service_create(self, *, actor: User, data: dict[str, Any]) -> Connector:
        return services.connector_create(actor=actor, **data)

    def service_update(
        self, *, actor: User, instance: Connector, data: dict[str, Any]
    ) -> Connector:
        return services.connector_update(actor=actor, connector=instance, **data)


class PostOutput(serializers.ModelSerializer[Post]):
    author_handle = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = (
            "id",
            "platform",
            "external_id",
            "author",
            "author_handle",
            "text",
            "language",
            "published_at",
            "url",
            "kind",
            "channel",
            "reply_to_external_id",
            "likes_count",
            "reposts_count",
            "replies_count",
            "analysis_state",
            "received_at",
        )

    def get_author_handle(self, post: Post) -> str:
        return post.author.handle if post.author else ""


@list_filters(id_parameter("channel"))
class PostViewSet(viewsets.ReadOnlyModelViewSet[Post]):
    """Stored posts the user may see (internal content only for those who may read it)."""

    queryset = Post.objects.all()
    serializer_class = PostOutput
    pagination_class = LimitOffsetOrCursorPagination

    def get_queryset(self) -> Any:
        posts = selectors.post_list(user=self.request.user)
        channel = query_int(self.request.query_params, "channel")
        if channel is not None:
            posts = posts.filter(channel_id=channel)
        return posts
