"""Access reviews: open, decide each grant, complete."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels import selectors, services
from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    AccessReviewDecision,
    Channel,
    ReviewDecisionChoice,
)
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer, query_int
from socialgov.core.schema import flag_parameter, id_parameter, list_filters


class DecisionOutput(serializers.ModelSerializer[AccessReviewDecision]):
    class Meta:
        model = AccessReviewDecision
        fields = ("id", "grant", "decision", "decided_by", "note", "task", "created_at")


class ReviewOutput(serializers.ModelSerializer[AccessReview]):
    decisions = DecisionOutput(many=True, read_only=True)

    class Meta:
        model = AccessReview
        fields = (
            "id",
            "channel",
            "due_on",
            "status",
            "completed_at",
            "completed_by",
            "reminded_on",
            "escalation",
            "escalated_on",
            "decisions",
        )


class ReviewInput(StrictSerializer):
    channel = ScopedPrimaryKeyRelatedField(queryset=Channel.objects.all())
    due_on = serializers.DateField(required=False, allow_null=True)


class DecisionInput(StrictSerializer):
    grant = serializers.PrimaryKeyRelatedField(queryset=AccessGrant.objects.all())
    decision = serializers.ChoiceField(choices=ReviewDecisionChoice.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


@list_filters(id_parameter("channel"), flag_parameter("open", "only the open reviews"))
class AccessReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AccessReview]):
    queryset = AccessReview.objects.all()
    serializer_class = ReviewOutput

    def get_queryset(self) -> Any:
        params = self.request.query_params
        reviews = selectors.review_list(
            user=self.request.user, open_only=params.get("open") == "true"
        )
        channel = query_int(params, "channel")
        if channel is not None:
            reviews = reviews.filter(channel_id=channel)
        return reviews.prefetch_related("decisions")

    @extend_schema(request=ReviewInput, responses={201: ReviewOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ReviewInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        channel = data.validated_data["channel"]
        if not permissions.can_change(request.user, channel):
            raise PermissionDenied("You cannot open a review of this channel.")
        review = services.access_review_open(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(ReviewOutput(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionInput, responses={201: DecisionOutput})
    @action(detail=True, methods=["post"])
    def decisions(self, request: Request, pk: str | None = None) -> Response:
        review = self.get_object()
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        decision = services.access_review_decide(
            actor=permissions.acting_user(request.user), review=review, **data.validated_data
        )
        return Response(DecisionOutput(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ReviewOutput)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        review = services.access_review_complete(
            actor=permissions.acting_user(request.user), review=self.get_object()
        )
        return Response(ReviewOutput(review).data)
