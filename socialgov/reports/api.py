"""The report figures over the API: the same selector as the board report and the dashboards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialgov.reports import selectors
from socialgov.reports.access import views_for
from socialgov.reports.periods import PERIODS, period_of


class SummaryQuery(serializers.Serializer):  # type: ignore[type-arg]
    period = serializers.ChoiceField(choices=list(PERIODS), default="30d")
    end = serializers.DateField(required=False)


class ReportSummaryView(APIView):
    """Figures of one period (alerts, incidents, risks, KRIs, channels, monitoring,
    governance), scoped to what the caller may see."""

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=list(PERIODS)),
            OpenApiParameter("end", dt.date, description="last day of the period (UTC)"),
        ],
        responses=dict[str, Any],
    )
    def get(self, request: Request) -> Response:
        if not views_for(request.user):
            raise PermissionDenied
        query = SummaryQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        end = query.validated_data.get("end") or dt.datetime.now(dt.UTC).date()
        period = period_of(query.validated_data["period"], end=end)
        return Response(selectors.summary(user=request.user, period=period).as_dict())
