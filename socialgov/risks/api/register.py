"""Channel risks: scores, controls, treatments, acceptances, history and the wizard."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Platform, Purpose
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer, query_int
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import Person, User
from socialgov.risks import selectors, services
from socialgov.risks.api.common import ChannelField
from socialgov.risks.filters import INTEGER_FILTERS, risk_filters
from socialgov.risks.models import (
    AppliedControl,
    ChannelRisk,
    Control,
    Effectiveness,
    RiskMatrix,
    RiskScoreChange,
    RiskStatus,
    RiskType,
    Treatment,
)


class AppliedControlOutput(serializers.Serializer[Any]):
    control = serializers.CharField(source="control.key")
    effectiveness = serializers.CharField()
    from_posture = serializers.BooleanField()
    note = serializers.CharField()


class ChannelRiskOutput(serializers.ModelSerializer[ChannelRisk]):
    name = serializers.CharField(read_only=True)
    risk_type: Any = serializers.SlugRelatedField(read_only=True, slug_field="key")
    matrix: Any = serializers.SlugRelatedField(read_only=True, slug_field="key")
    applied_controls = AppliedControlOutput(source="controls", many=True, read_only=True)

    class Meta:
        model = ChannelRisk
        fields = (
            "id",
            "channel",
            "risk_type",
            "name",
            "title",
            "description",
            "matrix",
            "inherent_likelihood",
            "inherent_impact",
            "inherent_score",
            "inherent_level",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "residual_level",
            "residual_justification",
            "treatment",
            "owner",
            "due_date",
            "status",
            "needs_reassessment",
            "reassessment_reason",
            "suggested_likelihood",
            "applied_controls",
            "created_at",
            "updated_at",
        )


class ChannelRiskInput(StrictSerializer):
    channel = ChannelField()
    risk_type = serializers.SlugRelatedField(
        slug_field="key", queryset=RiskType.objects.filter(retired=False), required=False
    )
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    matrix = serializers.SlugRelatedField(
        slug_field="key", queryset=RiskMatrix.objects.filter(retired=False), required=False
    )
    inherent_likelihood = serializers.IntegerField(min_value=1, max_value=10)
    inherent_impact = serializers.IntegerField(min_value=1, max_value=10)
    residual_likelihood = serializers.IntegerField(min_value=1, max_value=10, required=False)
    residual_impact = serializers.IntegerField(min_value=1, max_value=10, required=False)
    residual_justification = serializers.CharField(
        max_length=5000, required=False, allow_blank=True
    )
    treatment = serializers.ChoiceField(choices=Treatment.choices, required=False)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    due_date = serializers.DateField(required=False, allow_null=True)


class ChannelRiskUpdateInput(StrictSerializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    treatment = serializers.ChoiceField(choices=Treatment.choices, required=False)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    due_date = serializers.DateField(required=False, allow_null=True)
    status = serializers.ChoiceField(choices=RiskStatus.choices, required=False)


class RescoreInput(StrictSerializer):
    inherent_likelihood = serializers.IntegerField(min_value=1, max_value=10, required=False)
    inherent_impact = serializers.IntegerField(min_value=1, max_value=10, required=False)
    residual_likelihood = serializers.IntegerField(min_value=1, max_value=10, required=False)
    residual_impact = serializers.IntegerField(min_value=1, max_value=10, required=False)
    residual_justification = serializers.CharField(
        max_length=5000, required=False, allow_blank=True
    )
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True)


class ApplyControlInput(StrictSerializer):
    control = serializers.SlugRelatedField(
        slug_field="key", queryset=Control.objects.filter(retired=False)
    )
    effectiveness = serializers.ChoiceField(choices=Effectiveness.choices, required=False)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class TreatmentInput(StrictSerializer):
    title = serializers.CharField(max_length=300)
    due_date = serializers.DateField()
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class TreatmentOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    task = serializers.IntegerField(source="task_id")
    title = serializers.CharField(source="task.title")
    owner = serializers.IntegerField(source="task.owner_id")
    due_date = serializers.DateField(source="task.due_date", allow_null=True)
    status = serializers.CharField(source="task.status")
    escalated_at = serializers.DateTimeField(allow_null=True)


class AcceptInput(StrictSerializer):
    justification = serializers.CharField(max_length=5000)
    expires_on = serializers.DateField()


class AcceptanceOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    risk = serializers.IntegerField(source="risk_id")
    accepted_by = serializers.CharField(source="accepted_by.username")
    justification = serializers.CharField()
    accepted_on = serializers.DateField()
    expires_on = serializers.DateField()
    status = serializers.CharField()


class HistoryOutput(serializers.ModelSerializer[RiskScoreChange]):
    class Meta:
        model = RiskScoreChange
        fields = (
            "changed_at",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "inherent_score",
            "residual_score",
            "residual_level",
            "reason",
        )


class WizardControlOutput(serializers.Serializer[Any]):
    control = serializers.CharField(source="control.key")
    in_place = serializers.BooleanField()


class WizardProposalOutput(serializers.Serializer[Any]):
    risk_type = serializers.CharField(source="risk_type.key")
    title = serializers.CharField(source="risk_type.title_text")
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    residual_likelihood = serializers.IntegerField()
    already_registered = serializers.BooleanField()
    controls = WizardControlOutput(many=True)


class WizardInput(StrictSerializer):
    channel = ChannelField()
    risk_types = serializers.ListField(
        child=serializers.SlugField(max_length=100), min_length=1, max_length=100
    )


RISK_FILTER_PARAMETERS = [
    OpenApiParameter("channel", int),
    OpenApiParameter("platform", str, enum=Platform.values),
    OpenApiParameter("purpose", str, enum=Purpose.values),
    OpenApiParameter("level", str),
    OpenApiParameter("owner", int),
    OpenApiParameter("status", str, enum=RiskStatus.values),
    OpenApiParameter("overdue", bool),
    OpenApiParameter("reassess", bool),
]


class ChannelRiskViewSet(ServiceWriteViewSet[ChannelRisk]):
    """Risks per channel, scored on a matrix, with controls, treatments and acceptances."""

    queryset = ChannelRisk.objects.all()
    serializer_class = ChannelRiskOutput
    create_input = ChannelRiskInput
    update_input = ChannelRiskUpdateInput

    def get_queryset(self) -> Any:
        for name in INTEGER_FILTERS:
            query_int(self.request.query_params, name)  # the HTML page ignores a bad one
        risks = selectors.risk_list(
            user=self.request.user, filters=risk_filters(self.request.query_params)
        )
        return risks.prefetch_related(
            models.Prefetch("controls", queryset=AppliedControl.objects.select_related("control"))
        )

    @extend_schema(parameters=RISK_FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    def service_create(self, *, actor: User, data: dict[str, Any]) -> ChannelRisk:
        return services.channel_risk_create(actor=actor, **data)

    def service_update(
        self, *, actor: User, instance: ChannelRisk, data: dict[str, Any]
    ) -> ChannelRisk:
        if "due_date" in data and data["due_date"] is None:
            data["clear_due_date"] = True
        return services.channel_risk_update(actor=actor, risk=instance, **data)

    @extend_schema(request=RescoreInput, responses=ChannelRiskOutput)
    @action(detail=True, methods=["post"])
    def rescore(self, request: Request, pk: str | None = None) -> Response:
        risk = self.get_object()
        data = RescoreInput(data=request.data)
        data.is_valid(raise_exception=True)
        risk = services.channel_risk_rescore(
            actor=permissions.acting_user(request.user), risk=risk, **data.validated_data
        )
        return Response(ChannelRiskOutput(risk).data)

    @extend_schema(request=ApplyControlInput, responses=ChannelRiskOutput)
    @action(detail=True, methods=["post"])
    def controls(self, request: Request, pk: str | None = None) -> Response:
        risk = self.get_object()
        data = ApplyControlInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.channel_risk_apply_control(
            actor=permissions.acting_user(request.user), risk=risk, **data.validated_data
        )
        return Response(ChannelRiskOutput(self.get_object()).data)

    @extend_schema(request=TreatmentInput, responses={201: TreatmentOutput})
    @action(detail=True, methods=["post"])
    def treatments(self, request: Request, pk: str | None = None) -> Response:
        risk = self.get_object()
        data = TreatmentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        treatment = services.risk_treatment_plan(
            actor=permissions.acting_user(request.user), risk=risk, **data.validated_data
        )
        return Response(TreatmentOutput(treatment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AcceptInput, responses={201: AcceptanceOutput})
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str | None = None) -> Response:
        risk = self.get_object()
        data = AcceptInput(data=request.data)
        data.is_valid(raise_exception=True)
        acceptance = services.risk_accept(
            actor=permissions.acting_user(request.user), risk=risk, **data.validated_data
        )
        return Response(AcceptanceOutput(acceptance).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=HistoryOutput(many=True))
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str | None = None) -> Response:
        risk = self.get_object()
        changes = selectors.risk_history(user=request.user, risk=risk)
        return Response(HistoryOutput(changes, many=True).data)

    @extend_schema(
        parameters=[OpenApiParameter("channel", int, required=True)],
        responses=WizardProposalOutput(many=True),
    )
    # A plain list (no pages): without pagination_class=None the schema offered limit/offset.
    @action(detail=False, methods=["get"], url_path="wizard", pagination_class=None)
    def wizard_proposals(self, request: Request) -> Response:
        """What the wizard proposes for a channel you may see."""
        channel_id = query_int(request.query_params, "channel")
        channel = get_object_or_404(selectors.channel_list(user=request.user), pk=channel_id or 0)
        proposals = services.risk_wizard_proposals(channel=channel)
        return Response(WizardProposalOutput(proposals, many=True).data)

    @extend_schema(request=WizardInput, responses={201: ChannelRiskOutput(many=True)})
    @wizard_proposals.mapping.post
    def wizard_apply(self, request: Request) -> Response:
        data = WizardInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        risks = services.risk_wizard_apply(
            actor=permissions.acting_user(request.user),
            channel=data.validated_data["channel"],
            risk_types=data.validated_data["risk_types"],
        )
        return Response(ChannelRiskOutput(risks, many=True).data, status=status.HTTP_201_CREATED)
