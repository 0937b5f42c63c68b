"""Usage reports over the API: the same reader check and the same audited read as the page.
Lists carry no figures; a report's figures are the suppressed aggregates, never per person."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.core.permissions import acting_user
from socialgov.usage import selectors, services
from socialgov.usage.access import may_read_usage
from socialgov.usage.models import ReportStatus, UsageReport


class UsageReportListSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = UsageReport
        fields = [
            "id",
            "log_format",
            "status",
            "progress",
            "lines_read",
            "lines_rejected",
            "period_start",
            "period_end",
            "requested_at",
            "finished_at",
            "delete_after",
        ]
        read_only_fields = fields


class UsageReportSerializer(UsageReportListSerializer):
    figures = serializers.JSONField(read_only=True)

    class Meta(UsageReportListSerializer.Meta):
        fields = [*UsageReportListSerializer.Meta.fields, "figures"]
        read_only_fields = fields


class UsageReportViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Working-hours social media use per org unit and platform (groups of at least the
    minimum size only). Readable by governance leads and the readers they granted."""

    queryset = UsageReport.objects.none()
    serializer_class = UsageReportListSerializer

    def _check(self, request: Request) -> None:
        if not may_read_usage(request.user):
            raise PermissionDenied

    @extend_schema(responses=UsageReportListSerializer(many=True))
    def list(self, request: Request) -> Response:
        self._check(request)
        reports = self.paginate_queryset(selectors.usage_report_list(user=request.user))
        data = UsageReportListSerializer(reports, many=True).data
        return self.get_paginated_response(data)

    @extend_schema(responses=UsageReportSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        self._check(request)
        if not str(pk).isdigit():
            raise NotFound
        report = selectors.usage_report_get(user=request.user, pk=int(pk))
        if report is None or report.status != ReportStatus.DONE:
            raise NotFound
        services.usage_report_record_view(actor=acting_user(request.user), report=report, via="api")
        return Response(UsageReportSerializer(report).data)
