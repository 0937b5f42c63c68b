"""Reference content from the library: risk types, matrices, controls."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.core import permissions
from socialgov.library.text import localized, localized_list
from socialgov.risks import selectors, services
from socialgov.risks.models import (
    Control,
    RiskMatrix,
    RiskType,
)


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
