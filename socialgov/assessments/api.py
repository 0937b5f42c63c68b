"""REST API for maturity models and assessments: answer, complete, gaps to tasks, results."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.assessments import selectors, services
from socialgov.assessments.models import Assessment, AssessmentStatus, MaturityModel
from socialgov.core import permissions
from socialgov.core.api import TaskOutput
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import OrgUnit, Person


class MaturityModelOutput(serializers.ModelSerializer[MaturityModel]):
    class Meta:
        model = MaturityModel
        fields = ("id", "key", "library_version", "title", "definition")


class MaturityModelViewSet(viewsets.ReadOnlyModelViewSet[MaturityModel]):
    queryset = MaturityModel.objects.all()
    serializer_class = MaturityModelOutput

    def get_queryset(self) -> Any:
        return selectors.model_list(user=self.request.user)


class AssessmentOutput(serializers.ModelSerializer[Assessment]):
    respondents = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = (
            "id",
            "title",
            "model",
            "org_unit",
            "status",
            "previous",
            "respondents",
            "overall_score",
            "completed_at",
            "created_at",
        )

    def get_respondents(self, assessment: Assessment) -> list[int]:
        return [r.person_id for r in assessment.respondents.all()]


class AssessmentInput(StrictSerializer):
    title = serializers.CharField(max_length=200)
    model = ScopedPrimaryKeyRelatedField(queryset=MaturityModel.objects.all())
    org_unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    respondents = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, allow_empty=False
    )
    previous = ScopedPrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), required=False, allow_null=True
    )


class AnswersInput(StrictSerializer):
    answers = serializers.DictField(child=serializers.CharField(max_length=80), allow_empty=True)
    comments = serializers.DictField(
        child=serializers.CharField(max_length=5000, allow_blank=True), required=False
    )
    submit = serializers.BooleanField(required=False, default=False)


class RespondentInput(StrictSerializer):
    person = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())


class GapTasksInput(StrictSerializer):
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    due_date = serializers.DateField(required=False, allow_null=True)
    gaps = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, max_length=500
    )


class ComparisonOutput(serializers.Serializer):  # type: ignore[type-arg]
    domain = serializers.CharField()
    score = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    direction = serializers.CharField(allow_null=True)


class ResultOutput(serializers.Serializer):  # type: ignore[type-arg]
    """The maturity result: frozen at completion, computed live while in progress."""

    overall = serializers.FloatField(allow_null=True)
    respondents = serializers.IntegerField()
    domains = serializers.ListField(child=serializers.DictField())
    gaps = serializers.ListField(child=serializers.DictField())
    unanswered = serializers.ListField(child=serializers.CharField())
    disagreements = serializers.ListField(child=serializers.DictField())
    comparison = ComparisonOutput(many=True)


class AssessmentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Assessment]):
    queryset = Assessment.objects.all()
    serializer_class = AssessmentOutput

    def get_queryset(self) -> Any:
        return selectors.assessment_list(user=self.request.user).prefetch_related("respondents")

    @extend_schema(request=AssessmentInput, responses={201: AssessmentOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = AssessmentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        assessment = services.assessment_start(
            actor=permissions.acting_user(request.user),
            title=data.validated_data["title"],
            model=data.validated_data["model"],
            org_unit=data.validated_data.get("org_unit"),
            respondents=list(data.validated_data["respondents"]),
            previous=data.validated_data.get("previous"),
        )
        return Response(AssessmentOutput(assessment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswersInput, responses=AssessmentOutput)
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, pk: str | None = None) -> Response:
        """The signed-in respondent saves (and optionally submits) answers."""
        assessment = self.get_object()
        user = permissions.acting_user(request.user)
        if user.person is None:
            raise PermissionDenied("Only people of the organisation answer assessments.")
        data = AnswersInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_answer(
            actor=user,
            assessment=assessment,
            person=user.person,
            answers=data.validated_data["answers"],
            comments=data.validated_data.get("comments"),
            submit=data.validated_data["submit"],
        )
        return Response(AssessmentOutput(assessment).data)

    def get_object(self) -> Assessment:
        # Answering is a write by a respondent, not a change of the assessment: the object
        # permission (can_change) applies to completing and turning gaps into tasks only.
        if getattr(self, "action", None) == "answers":
            assessment = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
            if assessment is None:
                raise Http404
            return assessment  # type: ignore[no-any-return]
        return super().get_object()

    @extend_schema(request=RespondentInput, responses=AssessmentOutput)
    @action(detail=True, methods=["post"])
    def respondents(self, request: Request, pk: str | None = None) -> Response:
        """Ask one more person to answer an assessment in progress."""
        assessment = self.get_object()
        data = RespondentInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        services.assessment_add_respondent(
            actor=permissions.acting_user(request.user),
            assessment=assessment,
            person=data.validated_data["person"],
        )
        fresh = Assessment.objects.prefetch_related("respondents").get(pk=assessment.pk)
        return Response(AssessmentOutput(fresh).data)

    @extend_schema(request=None, responses=AssessmentOutput)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        assessment = services.assessment_complete(
            actor=permissions.acting_user(request.user), assessment=self.get_object()
        )
        return Response(AssessmentOutput(assessment).data)

    @extend_schema(request=GapTasksInput, responses=TaskOutput(many=True))
    @action(detail=True, methods=["post"], url_path="gap-tasks")
    def gap_tasks(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        data = GapTasksInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        tasks = services.gap_tasks_create(
            actor=permissions.acting_user(request.user),
            assessment=assessment,
            owner=data.validated_data["owner"],
            due_date=data.validated_data.get("due_date"),
            gap_ids=data.validated_data.get("gaps"),
        )
        return Response(TaskOutput(tasks, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ResultOutput)
    @action(detail=True, methods=["get"])
    def result(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        if assessment.status == AssessmentStatus.COMPLETED:
            payload = dict(assessment.results)
        else:
            payload = services.result_to_json(selectors.result_of(assessment))
        payload["comparison"] = [
            {
                "domain": row.key,
                "score": row.score,
                "previous": row.previous,
                "direction": row.change.direction if assessment.previous else None,
            }
            for row in selectors.domain_rows(assessment)
        ]
        return Response(payload)
