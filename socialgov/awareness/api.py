"""REST API for training modules, awareness campaigns and assignments (with quiz attempts)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.awareness import selectors, services
from socialgov.awareness.models import (
    Assignment,
    Attempt,
    AwarenessCampaign,
    Recurrence,
    TrainingModule,
)
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.schema import flag_parameter, list_filters
from socialgov.policies.api import PublishInput


class TrainingModuleOutput(serializers.ModelSerializer[TrainingModule]):
    lessons = serializers.SerializerMethodField()
    questions = serializers.SerializerMethodField()

    class Meta:
        model = TrainingModule
        fields = (
            "id",
            "key",
            "library_version",
            "title",
            "summary",
            "duration_minutes",
            "pass_mark",
            "lessons",
            "questions",
        )

    def get_lessons(self, module: TrainingModule) -> list[dict]:  # type: ignore[type-arg]
        return module.lessons

    def get_questions(self, module: TrainingModule) -> list[dict]:  # type: ignore[type-arg]
        # The correct answers stay on the server.
        return [
            {
                "key": q["key"],
                "kind": q["kind"],
                "text": q["text"],
                "choices": [{"key": c["key"], "text": c["text"]} for c in q["choices"]],
            }
            for q in module.content.get("quiz", [])
        ]


class TrainingModuleViewSet(viewsets.ReadOnlyModelViewSet[TrainingModule]):
    queryset = TrainingModule.objects.all()
    serializer_class = TrainingModuleOutput

    def get_queryset(self) -> Any:
        return selectors.module_list(user=self.request.user)


class AwarenessCampaignOutput(serializers.ModelSerializer[AwarenessCampaign]):
    class Meta:
        model = AwarenessCampaign
        fields = (
            "id",
            "title",
            "modules",
            "starts_on",
            "deadline",
            "recurrence",
            "status",
            "previous",
            "audience_everyone",
            "audience_org_units",
            "audience_roles",
            "audience_channel_ids",
        )


class CampaignInput(PublishInput):
    title = serializers.CharField(max_length=200)
    modules = ScopedPrimaryKeyRelatedField(queryset=TrainingModule.objects.all(), many=True)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False)


class DashboardRowOutput(serializers.Serializer):  # type: ignore[type-arg]
    label = serializers.CharField()  # type: ignore[assignment]
    assigned = serializers.IntegerField()
    attempted = serializers.IntegerField()
    passed = serializers.IntegerField()
    overdue = serializers.IntegerField()
    completion = serializers.FloatField()
    pass_rate = serializers.FloatField()


class OverdueOutput(serializers.Serializer):  # type: ignore[type-arg]
    person = serializers.IntegerField()
    module = serializers.IntegerField()
    deadline = serializers.DateField(allow_null=True)


class DashboardOutput(serializers.Serializer):  # type: ignore[type-arg]
    by_org_unit = DashboardRowOutput(many=True)
    by_module = DashboardRowOutput(many=True)
    trend = DashboardRowOutput(many=True)
    overdue = OverdueOutput(many=True)


class CampaignViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AwarenessCampaign]):
    queryset = AwarenessCampaign.objects.all()
    serializer_class = AwarenessCampaignOutput

    def get_queryset(self) -> Any:
        return selectors.campaign_list(user=self.request.user).prefetch_related(
            "audience_org_units"
        )

    @extend_schema(request=CampaignInput, responses={201: AwarenessCampaignOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CampaignInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        campaign = services.campaign_start(
            actor=permissions.acting_user(request.user),
            title=data.validated_data["title"],
            modules=list(data.validated_data["modules"]),
            audience=data.audience(),
            deadline=data.validated_data["deadline"],
            recurrence=data.validated_data.get("recurrence", Recurrence.NONE),
        )
        return Response(AwarenessCampaignOutput(campaign).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=AwarenessCampaignOutput)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        campaign = services.campaign_close(
            actor=permissions.acting_user(request.user), campaign=campaign
        )
        return Response(AwarenessCampaignOutput(campaign).data)

    @extend_schema(responses=DashboardOutput)
    @action(detail=True, methods=["get"])
    def dashboard(self, request: Request, pk: str | None = None) -> Response:
        campaign = self.get_object()
        board = selectors.dashboard(user=request.user, campaign=campaign)

        def rows(items: list[Any]) -> Any:
            return DashboardRowOutput(items, many=True).data

        return Response(
            {
                "by_org_unit": rows(board.by_org_unit),
                "by_module": rows(board.by_module),
                "trend": rows(board.trend),
                "overdue": [
                    {"person": a.person_id, "module": a.module_id, "deadline": a.campaign.deadline}
                    for a in board.overdue
                ],
            }
        )


class AssignmentOutput(serializers.ModelSerializer[Assignment]):
    class Meta:
        model = Assignment
        fields = (
            "id",
            "campaign",
            "person",
            "module",
            "status",
            "attempt_count",
            "best_score",
            "completed_at",
        )


class AttemptOutput(serializers.ModelSerializer[Attempt]):
    class Meta:
        model = Attempt
        fields = ("id", "assignment", "submitted_at", "correct", "total", "score", "passed")


class QuizInput(StrictSerializer):
    answers = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField(max_length=80), max_length=50)
    )


@list_filters(flag_parameter("mine", "only my assignments"))
class AssignmentViewSet(viewsets.ReadOnlyModelViewSet[Assignment]):
    queryset = Assignment.objects.all()
    serializer_class = AssignmentOutput

    def get_queryset(self) -> Any:
        assignments = selectors.assignment_list(user=self.request.user)
        if self.request.query_params.get("mine") == "true":
            assignments = assignments.filter(Q(person_id=permissions.person_id(self.request.user)))
        return assignments

    @extend_schema(request=QuizInput, responses={201: AttemptOutput})
    @action(detail=True, methods=["post"])
    def attempts(self, request: Request, pk: str | None = None) -> Response:
        assignment = self.get_object()
        if assignment.person_id != permissions.person_id(request.user):
            raise PermissionDenied("This training was not assigned to you.")
        data = QuizInput(data=request.data)
        data.is_valid(raise_exception=True)
        attempt = services.quiz_submit(
            actor=permissions.acting_user(request.user),
            assignment=assignment,
            answers=data.validated_data["answers"],
        )
        return Response(AttemptOutput(attempt).data, status=status.HTTP_201_CREATED)
