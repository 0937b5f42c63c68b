"""REST API: /api/v1/drafts/ with the review steps as actions. Writes go through the same
services (and their permission checks) as the pages; nothing here decides who may act."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.api_base import StrictSerializer
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import User
from socialgov.publishing import access, selectors, services
from socialgov.publishing.models import Draft, Language


class DraftOutput(serializers.ModelSerializer[Draft]):
    findings = serializers.SerializerMethodField()

    class Meta:
        model = Draft
        fields = (
            "id",
            "channel",
            "author",
            "text",
            "language",
            "scheduled_at",
            "reply_to_external_id",
            "state",
            "revision",
            "findings",
            "override_reason",
            "platform_post_id",
            "platform_url",
            "published_at",
            "last_error",
        )

    def get_findings(self, draft: Draft) -> list[dict[str, Any]]:
        return [
            {**check.to_dict(), "blocks": check.blocks, "message": check.message}
            for check in services.stored_checks(draft)
        ]


class DraftableChannelField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A channel the requesting user may draft for; any other is 'does not exist' (400)."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        if request is None:
            return Channel.objects.none()
        return access.draftable_channels(request.user)


class DraftInput(StrictSerializer):
    channel = DraftableChannelField(queryset=Channel.objects.all())
    text = serializers.CharField(max_length=20_000)
    language = serializers.ChoiceField(choices=Language.choices)
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True)
    reply_to_external_id = serializers.CharField(max_length=255, required=False, allow_blank=True)


class DraftUpdateInput(StrictSerializer):
    text = serializers.CharField(max_length=20_000, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)
    scheduled_at = serializers.DateTimeField(required=False)


class ReasonInput(StrictSerializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ScheduleInput(StrictSerializer):
    at = serializers.DateTimeField(required=False, allow_null=True)


class DraftViewSet(ServiceWriteViewSet[Draft]):
    queryset = Draft.objects.all()
    serializer_class = DraftOutput
    create_input = DraftInput
    update_input = DraftUpdateInput

    def get_queryset(self) -> Any:
        return selectors.draft_list(user=self.request.user).order_by("-id")

    def service_create(self, *, actor: User, data: dict[str, Any]) -> Draft:
        return services.draft_create(actor=actor, **data)

    def service_update(self, *, actor: User, instance: Draft, data: dict[str, Any]) -> Draft:
        return services.draft_update(actor=actor, draft=instance, **data)

    def _step(self, request: Request, step: str) -> Response:
        draft = self.get_object()
        actor = permissions.acting_user(request.user)
        if step in ("reject", "override"):
            reason = self._validated(ReasonInput, request).get("reason", "")
            getattr(services, f"draft_{step}")(actor=actor, draft=draft, reason=reason)
        elif step == "schedule":
            at = self._validated(ScheduleInput, request).get("at")
            services.draft_schedule(actor=actor, draft=draft, at=at)
        else:
            self._validated(StrictSerializer, request)
            getattr(services, f"draft_{step}")(actor=actor, draft=draft)
        return Response(self.get_serializer(self.get_queryset().get(pk=draft.pk)).data)

    @extend_schema(request=None, responses=DraftOutput)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        return self._step(request, "submit")

    @extend_schema(request=None, responses=DraftOutput)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        return self._step(request, "approve")

    @extend_schema(request=ReasonInput, responses=DraftOutput)
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: str) -> Response:
        return self._step(request, "reject")

    @extend_schema(request=ReasonInput, responses=DraftOutput)
    @action(detail=True, methods=["post"])
    def override(self, request: Request, pk: str) -> Response:
        return self._step(request, "override")

    @extend_schema(request=ScheduleInput, responses=DraftOutput)
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str) -> Response:
        return self._step(request, "schedule")
