"""REST API for policies, their versions, acknowledgement campaigns and acknowledgements."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import OrgUnit, Person, Role, User
from socialgov.policies import selectors, services
from socialgov.policies.audience import Audience
from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementCampaign,
    AcknowledgementMethod,
    Policy,
    PolicyCategory,
    PolicyVersion,
)


class TranslationsField(serializers.DictField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(allow_blank=True), **kwargs)


class PolicyOutput(serializers.ModelSerializer[Policy]):
    class Meta:
        model = Policy
        fields = (
            "id",
            "key",
            "title",
            "category",
            "owner",
            "approver",
            "review_date",
            "template_key",
            "created_at",
        )


class PolicyInput(StrictSerializer):
    key = serializers.SlugField(max_length=80)
    title = TranslationsField()
    category = serializers.ChoiceField(choices=PolicyCategory.choices, required=False)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    approver = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    review_date = serializers.DateField(required=False, allow_null=True)


class PolicyUpdateInput(StrictSerializer):
    title = TranslationsField(required=False)
    category = serializers.ChoiceField(choices=PolicyCategory.choices, required=False)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    approver = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    review_date = serializers.DateField(required=False, allow_null=True)


class PolicyViewSet(ServiceWriteViewSet[Policy]):
    queryset = Policy.objects.all()
    serializer_class = PolicyOutput
    create_input = PolicyInput
    update_input = PolicyUpdateInput

    def get_queryset(self) -> Any:
        return selectors.policy_list(user=self.request.user)

    def service_create(self, *, actor: User, data: dict[str, Any]) -> Policy:
        return services.policy_create(actor=actor, **data)

    def service_update(self, *, actor: User, instance: Policy, data: dict[str, Any]) -> Policy:
        return services.policy_update(actor=actor, policy=instance, **data)


class PolicyVersionOutput(serializers.ModelSerializer[PolicyVersion]):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = PolicyVersion
        fields = (
            "id",
            "policy",
            "number",
            "major",
            "minor",
            "status",
            "title",
            "body",
            "change_summary",
            "approved_at",
            "published_at",
            "retired_at",
        )


class PolicyVersionInput(StrictSerializer):
    policy = ScopedPrimaryKeyRelatedField(queryset=Policy.objects.all())
    title = TranslationsField()
    body = TranslationsField()
    major = serializers.BooleanField(required=False, default=False)
    change_summary = TranslationsField(required=False)


class PolicyVersionUpdateInput(StrictSerializer):
    title = TranslationsField(required=False)
    body = TranslationsField(required=False)
    change_summary = TranslationsField(required=False)


class PublishInput(StrictSerializer):
    everyone = serializers.BooleanField(required=False, default=False)
    org_units = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), many=True, required=False
    )
    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=Role.choices), required=False, max_length=10
    )
    channel_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=1000
    )
    deadline = serializers.DateField()

    def audience(self) -> Audience:
        data = self.validated_data
        return Audience(
            everyone=data.get("everyone", False),
            org_units=list(data.get("org_units", [])),
            roles=list(data.get("roles", [])),
            channel_ids=list(data.get("channel_ids", [])),
        )


class AcknowledgementCampaignOutput(serializers.ModelSerializer[AcknowledgementCampaign]):
    class Meta:
        model = AcknowledgementCampaign
        fields = (
            "id",
            "version",
            "deadline",
            "status",
            "audience_everyone",
            "audience_org_units",
            "audience_roles",
            "audience_channel_ids",
            "created_at",
        )


class PolicyVersionViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[PolicyVersion]
):
    queryset = PolicyVersion.objects.all()
    serializer_class = PolicyVersionOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        return selectors.policy_version_list(user=self.request.user)

    @extend_schema(request=PolicyVersionInput, responses={201: PolicyVersionOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = PolicyVersionInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        if not permissions.can_change(request.user, data.validated_data["policy"]):
            raise PermissionDenied
        version = services.policy_version_create(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(PolicyVersionOutput(version).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PolicyVersionUpdateInput, responses=PolicyVersionOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        version = self.get_object()
        data = PolicyVersionUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.policy_version_update(
            actor=permissions.acting_user(request.user), version=version, **data.validated_data
        )
        return Response(PolicyVersionOutput(version).data)

    def _step(self, request: Request, service: Any) -> Response:
        version = self.get_object()
        version = service(actor=permissions.acting_user(request.user), version=version)
        return Response(PolicyVersionOutput(version).data)

    @extend_schema(request=None, responses=PolicyVersionOutput)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.policy_version_submit)

    @extend_schema(request=None, responses=PolicyVersionOutput)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.policy_version_send_back)

    @extend_schema(request=None, responses=PolicyVersionOutput)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.policy_version_approve)

    @extend_schema(request=None, responses=PolicyVersionOutput)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: str | None = None) -> Response:
        return self._step(request, services.policy_version_retire)

    @extend_schema(request=PublishInput, responses={201: AcknowledgementCampaignOutput})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        data = PublishInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        campaign = services.policy_version_publish(
            actor=permissions.acting_user(request.user),
            version=version,
            audience=data.audience(),
            deadline=data.validated_data["deadline"],
        )
        return Response(
            AcknowledgementCampaignOutput(campaign).data, status=status.HTTP_201_CREATED
        )


class CompletionRowOutput(serializers.Serializer):  # type: ignore[type-arg]
    org_unit = serializers.CharField()
    asked = serializers.IntegerField()
    done = serializers.IntegerField()
    overdue = serializers.IntegerField()
    rate = serializers.FloatField()


class AcknowledgementCampaignViewSet(viewsets.ReadOnlyModelViewSet[AcknowledgementCampaign]):
    queryset = AcknowledgementCampaign.objects.all()
    serializer_class = AcknowledgementCampaignOutput

    def get_queryset(self) -> Any:
        return selectors.campaign_list(user=self.request.user).prefetch_related(
            "audience_org_units"
        )

    @extend_schema(responses=CompletionRowOutput(many=True))
    @action(detail=True, methods=["get"])
    def completion(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        rows = selectors.completion_by_org_unit(user=request.user, campaign=campaign)
        return Response(
            [
                {
                    "org_unit": row.label,
                    "asked": row.asked,
                    "done": row.done,
                    "overdue": row.overdue,
                    "rate": row.rate,
                }
                for row in rows
            ]
        )


class AcknowledgementOutput(serializers.ModelSerializer[Acknowledgement]):
    class Meta:
        model = Acknowledgement
        fields = ("id", "person", "version", "acknowledged_at", "method")


class AcknowledgementInput(StrictSerializer):
    version = serializers.IntegerField(min_value=1)


class AcknowledgementViewSet(
    mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Acknowledgement]
):
    """People acknowledge for themselves; leads and auditors read the evidence."""

    queryset = Acknowledgement.objects.all()
    serializer_class = AcknowledgementOutput

    def get_queryset(self) -> Any:
        return selectors.acknowledgement_list(user=self.request.user)

    @extend_schema(request=AcknowledgementInput, responses={201: AcknowledgementOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AcknowledgementInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = permissions.acting_user(request.user)
        if user.person is None:
            raise PermissionDenied
        version = (
            selectors.policy_version_list(user=request.user)
            .filter(pk=data.validated_data["version"])
            .first()
        )
        if version is None:
            raise serializers.ValidationError({"version": ["No such version."]})
        acknowledgement = services.policy_acknowledge(
            actor=user, person=user.person, version=version, method=AcknowledgementMethod.API
        )
        return Response(AcknowledgementOutput(acknowledgement).data, status=status.HTTP_201_CREATED)
