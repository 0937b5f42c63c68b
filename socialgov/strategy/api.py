"""REST API for strategy objectives."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer, query_int
from socialgov.core.models import Person
from socialgov.core.schema import id_parameter, list_filters, text_parameter
from socialgov.strategy import selectors, services
from socialgov.strategy.models import Objective, ObjectiveStatus, UsageType


class ObjectiveOutput(serializers.ModelSerializer[Objective]):
    progress = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Objective
        fields = (
            "id",
            "title",
            "description",
            "usage_type",
            "channel",
            "kpi",
            "unit",
            "baseline_value",
            "target_value",
            "current_value",
            "progress",
            "period_start",
            "period_end",
            "owner",
            "status",
        )


def _decimal(required: bool = True) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=14, decimal_places=2, required=required, allow_null=not required
    )


class ObjectiveInput(StrictSerializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    usage_type = serializers.ChoiceField(choices=UsageType.choices)
    channel = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )
    kpi = serializers.CharField(max_length=200)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)
    baseline_value = _decimal(required=False)
    target_value = _decimal()
    current_value = _decimal(required=False)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())


class ObjectiveUpdateInput(StrictSerializer):
    title = serializers.CharField(max_length=300, required=False)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    kpi = serializers.CharField(max_length=200, required=False)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=30)
    baseline_value = _decimal(required=False)
    target_value = _decimal(required=False)
    current_value = _decimal(required=False)
    period_start = serializers.DateField(required=False)
    period_end = serializers.DateField(required=False)
    status = serializers.ChoiceField(choices=ObjectiveStatus.choices, required=False)


@list_filters(id_parameter("channel"), text_parameter("usage_type", "a usage type"))
class ObjectiveViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Objective]
):
    queryset = Objective.objects.all()
    serializer_class = ObjectiveOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        objectives = selectors.objective_list(user=self.request.user)
        channel = query_int(self.request.query_params, "channel")
        if channel is not None:
            objectives = objectives.filter(channel_id=channel)
        usage_type = self.request.query_params.get("usage_type")
        if usage_type:
            objectives = objectives.filter(usage_type=usage_type[:30])
        return objectives

    @extend_schema(request=ObjectiveInput, responses={201: ObjectiveOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ObjectiveInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        objective = services.objective_create(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(ObjectiveOutput(objective).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ObjectiveUpdateInput, responses=ObjectiveOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        objective = self.get_object()
        data = ObjectiveUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        objective = services.objective_update(
            actor=permissions.acting_user(request.user), objective=objective, **data.validated_data
        )
        return Response(ObjectiveOutput(objective).data)
