"""Key risk indicators and their measured values."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer, query_int
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import Person, User
from socialgov.core.schema import id_parameter, list_filters
from socialgov.risks import selectors, services
from socialgov.risks.api.common import ChannelField
from socialgov.risks.models import (
    KRI,
    ChannelRisk,
    KRIMeasurement,
)


class KRIOutput(serializers.ModelSerializer[KRI]):
    class Meta:
        model = KRI
        fields = (
            "id",
            "name",
            "description",
            "metric",
            "unit",
            "channel",
            "owner",
            "higher_is_worse",
            "amber_threshold",
            "red_threshold",
            "risks",
            "current_value",
            "current_state",
            "measured_at",
        )


class KRIInput(StrictSerializer):
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    metric = serializers.SlugField(max_length=100, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=50, required=False, allow_blank=True)
    channel = ChannelField(required=False, allow_null=True)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    higher_is_worse = serializers.BooleanField(required=False)
    amber_threshold = serializers.FloatField()
    red_threshold = serializers.FloatField()
    risks = ScopedPrimaryKeyRelatedField(
        queryset=ChannelRisk.objects.all(), many=True, required=False
    )


class KRIUpdateInput(StrictSerializer):
    name = serializers.CharField(max_length=200, required=False)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    metric = serializers.SlugField(max_length=100, required=False, allow_blank=True)
    unit = serializers.CharField(max_length=50, required=False, allow_blank=True)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all(), required=False)
    higher_is_worse = serializers.BooleanField(required=False)
    amber_threshold = serializers.FloatField(required=False)
    red_threshold = serializers.FloatField(required=False)
    risks = ScopedPrimaryKeyRelatedField(
        queryset=ChannelRisk.objects.all(), many=True, required=False
    )


class MeasurementInput(StrictSerializer):
    value = serializers.FloatField()
    measured_at = serializers.DateTimeField(required=False)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    evidence = serializers.DictField(required=False)


class MeasurementOutput(serializers.ModelSerializer[KRIMeasurement]):
    class Meta:
        model = KRIMeasurement
        fields = ("id", "kri", "value", "measured_at", "state", "source", "evidence", "note")


@list_filters(id_parameter("channel"))
class KRIViewSet(ServiceWriteViewSet[KRI]):
    """Key risk indicators; `POST …/values/` records a measured value."""

    queryset = KRI.objects.all()
    serializer_class = KRIOutput
    create_input = KRIInput
    update_input = KRIUpdateInput

    def get_queryset(self) -> Any:
        channel = query_int(self.request.query_params, "channel")
        return selectors.kri_list(user=self.request.user, channel=channel).prefetch_related("risks")

    def service_create(self, *, actor: User, data: dict[str, Any]) -> KRI:
        return services.kri_create(actor=actor, **data)

    def service_update(self, *, actor: User, instance: KRI, data: dict[str, Any]) -> KRI:
        return services.kri_update(actor=actor, kri=instance, **data)

    @extend_schema(methods=["GET"], responses=MeasurementOutput(many=True))
    @extend_schema(methods=["POST"], request=MeasurementInput, responses={201: MeasurementOutput})
    @action(detail=True, methods=["get", "post"])
    def values(self, request: Request, pk: str | None = None) -> Response:
        kri = self.get_object()
        if request.method == "GET":
            measurements = selectors.kri_measurements(user=request.user, kri=kri, limit=500)
            return Response(MeasurementOutput(measurements, many=True).data)
        data = MeasurementInput(data=request.data)
        data.is_valid(raise_exception=True)
        measurement = services.kri_record_value(
            actor=permissions.acting_user(request.user), kri=kri, **data.validated_data
        )
        return Response(MeasurementOutput(measurement).data, status=status.HTTP_201_CREATED)
