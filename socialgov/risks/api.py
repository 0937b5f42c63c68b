"""REST API of the risk register: reference content, channel risks and KRIs."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Channel, Platform, Purpose
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import Person
from socialgov.library.text import localized, localized_list
from socialgov.risks import selectors, services
from socialgov.risks.models import (
    KRI,
    ChannelRisk,
    Control,
    Effectiveness,
    KRIMeasurement,
    RiskMatrix,
    RiskScoreChange,
    RiskStatus,
    RiskType,
    Treatment,
)
from socialgov.risks.selectors import RiskFilters


@extend_schema_field(OpenApiTypes.INT)
class ChannelField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A channel the requesting user may see."""

    def get_queryset(self) -> models.QuerySet[Channel]:
        request = self.context.get("request")
        if request is None:
            return Channel.objects.none()
        return _visible_channels(request)


# ---- reference content ---------------------------------------------------------------------


class RiskTypeOutput(serializers.ModelSerializer[RiskType]):
    title_text = serializers.SerializerMethodField()
    description_text = serializers.SerializerMethodField()
    causes_text = serializers.SerializerMethodField()
    consequences_text = serializers.SerializerMethodField()
    controls: Any = serializers.SlugRelatedField(many=True, read_only=True, slug_field="key")

    class Meta:
        model = RiskType
        fields = (
            "id",
            "key",
            "title_text",
            "description_text",
            "causes_text",
            "consequences_text",
            "title",
            "description",
            "category",
            "platforms",
            "purposes",
            "typical_likelihood",
            "typical_impact",
            "controls",
            "origin",
            "library_version",
            "retired",
        )

    def get_title_text(self, obj: RiskType) -> str:
        return localized(obj.title)

    def get_description_text(self, obj: RiskType) -> str:
        return localized(obj.description)

    def get_causes_text(self, obj: RiskType) -> list[str]:
        return localized_list(obj.causes)

    def get_consequences_text(self, obj: RiskType) -> list[str]:
        return localized_list(obj.consequences)


class RiskTypeViewSet(viewsets.ReadOnlyModelViewSet[RiskType]):
    """The risk catalogue, loaded from the reference library."""

    queryset = RiskType.objects.all()
    serializer_class = RiskTypeOutput

    def get_queryset(self) -> Any:
        include = self.request.query_params.get("retired") == "true"
        return selectors.risk_type_list(user=self.request.user, include_retired=include)


class RiskMatrixOutput(serializers.ModelSerializer[RiskMatrix]):
    name_text = serializers.SerializerMethodField()
    is_default = serializers.SerializerMethodField()

    class Meta:
        model = RiskMatrix
        fields = (
            "id",
            "key",
            "name_text",
            "name",
            "size",
            "likelihood_levels",
            "impact_levels",
            "bands",
            "cells",
            "is_default",
            "library_version",
        )

    def get_name_text(self, obj: RiskMatrix) -> str:
        return localized(obj.name)

    def get_is_default(self, obj: RiskMatrix) -> bool:
        return obj.pk == self.context.get("default_matrix_id")


class RiskMatrixViewSet(viewsets.ReadOnlyModelViewSet[RiskMatrix]):
    """Likelihood × impact matrices; `cells[likelihood-1][impact-1]` names the level."""

    queryset = RiskMatrix.objects.all()
    serializer_class = RiskMatrixOutput

    def get_queryset(self) -> Any:
        return selectors.matrix_list(user=self.request.user)

    def get_serializer_context(self) -> dict[str, Any]:
        from socialgov.risks.services.register import default_matrix

        context = dict(super().get_serializer_context())
        try:
            context["default_matrix_id"] = default_matrix().pk
        except Exception:  # no matrix loaded yet: nothing is the default
            context["default_matrix_id"] = None
        return context

    @extend_schema(request=None, responses=RiskMatrixOutput)
    @action(detail=True, methods=["post"], url_path="make-default")
    def make_default(self, request: Request, pk: str | None = None) -> Response:
        """Score new risks on this matrix (admins and governance leads)."""
        matrix = self.get_object()
        if not permissions.has_org_role(request.user, "admin", "governance_lead") or (
            permissions.is_read_only(request.user)
        ):
            raise PermissionDenied()
        services.risk_settings_set_matrix(
            actor=permissions.acting_user(request.user), matrix=matrix
        )
        context = {**self.get_serializer_context(), "default_matrix_id": matrix.pk}
        return Response(RiskMatrixOutput(matrix, context=context).data)


class ControlOutput(serializers.ModelSerializer[Control]):
    title_text = serializers.SerializerMethodField()
    description_text = serializers.SerializerMethodField()
    reduces: Any = serializers.SlugRelatedField(
        source="risk_types", many=True, read_only=True, slug_field="key"
    )

    class Meta:
        model = Control
        fields = (
            "id",
            "key",
            "title_text",
            "description_text",
            "title",
            "description",
            "control_type",
            "iso27001",
            "posture_check",
            "reduces",
            "origin",
            "library_version",
            "retired",
        )

    def get_title_text(self, obj: Control) -> str:
        return localized(obj.title)

    def get_description_text(self, obj: Control) -> str:
        return localized(obj.description)


class ControlViewSet(viewsets.ReadOnlyModelViewSet[Control]):
    queryset = Control.objects.all()
    serializer_class = ControlOutput

    def get_queryset(self) -> Any:
        include = self.request.query_params.get("retired") == "true"
        return selectors.control_list(user=self.request.user, include_retired=include)


# ---- channel risks -------------------------------------------------------------------------


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
    due_date = serializers.DateField(source="task.due_date")
    status = serializers.CharField(source="task.status")
    escalated_at = serializers.DateTimeField()


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


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def risk_filters(params: Any) -> RiskFilters:
    """Filters from query parameters; values that cannot match are ignored, not errors."""
    side = params.get("side", "")
    return RiskFilters(
        channel=_int(params.get("channel")),
        platform=params.get("platform", "")[:30],
        purpose=params.get("purpose", "")[:30],
        level=params.get("level", "")[:100],
        owner=_int(params.get("owner")),
        status=params.get("status", "")[:20],
        overdue=params.get("overdue") in ("1", "true"),
        reassess=params.get("reassess") in ("1", "true"),
        risk_type=_int(params.get("risk_type")),
        side=side if side in ("inherent", "residual") else "",
        likelihood=_int(params.get("likelihood")),
        impact=_int(params.get("impact")),
        matrix=_int(params.get("matrix")),
    )


class ChannelRiskViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[ChannelRisk]
):
    """Risks per channel, scored on a matrix, with controls, treatments and acceptances."""

    queryset = ChannelRisk.objects.all()
    serializer_class = ChannelRiskOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        risks = selectors.risk_list(
            user=self.request.user, filters=risk_filters(self.request.query_params)
        )
        return risks.prefetch_related(models.Prefetch("controls", queryset=_applied_controls()))

    @extend_schema(parameters=RISK_FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ChannelRiskInput, responses={201: ChannelRiskOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ChannelRiskInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        risk = services.channel_risk_create(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(ChannelRiskOutput(risk).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChannelRiskUpdateInput, responses=ChannelRiskOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        risk = self.get_object()
        data = ChannelRiskUpdateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "due_date" in values and values["due_date"] is None:
            values["clear_due_date"] = True
        risk = services.channel_risk_update(
            actor=permissions.acting_user(request.user), risk=risk, **values
        )
        return Response(ChannelRiskOutput(risk).data)

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
    @action(detail=False, methods=["get"], url_path="wizard")
    def wizard_proposals(self, request: Request) -> Response:
        """What the wizard proposes for a channel you may see."""
        channel_id = _int(request.query_params.get("channel"))
        channel = get_object_or_404(_visible_channels(request), pk=channel_id or 0)
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


def _applied_controls() -> models.QuerySet[Any]:
    from socialgov.risks.models import AppliedControl

    return AppliedControl.objects.select_related("control")


def _visible_channels(request: Request) -> models.QuerySet[Channel]:
    return permissions.visible(request.user, Channel.objects.all())


# ---- KRIs ----------------------------------------------------------------------------------


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


class KRIViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[KRI]
):
    """Key risk indicators; `POST …/values/` records a measured value."""

    queryset = KRI.objects.all()
    serializer_class = KRIOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        channel = _int(self.request.query_params.get("channel"))
        return selectors.kri_list(user=self.request.user, channel=channel).prefetch_related("risks")

    @extend_schema(request=KRIInput, responses={201: KRIOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = KRIInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        kri = services.kri_create(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(KRIOutput(kri).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=KRIUpdateInput, responses=KRIOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kri = self.get_object()
        data = KRIUpdateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        kri = services.kri_update(
            actor=permissions.acting_user(request.user), kri=kri, **data.validated_data
        )
        return Response(KRIOutput(kri).data)

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
