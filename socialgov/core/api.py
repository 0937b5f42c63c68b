"""REST API for people, org units, tasks and the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.exceptions import Throttled
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from socialgov.core import login_limits, mfa, selectors, services
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.api_viewsets import ServiceWriteViewSet
from socialgov.core.models import (
    AuditEvent,
    Language,
    OrgUnit,
    Person,
    Task,
    TaskPriority,
    TaskStatus,
    TokenScope,
    User,
)
from socialgov.core.schema import flag_parameter, list_filters, text_parameter


class TokenInput(AuthTokenSerializer):
    code = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text="TOTP code, once activated"
    )


class TokenView(APIView):
    """Exchange a username and password (and the TOTP code, once the user has one) for a token."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "auth_token"

    @extend_schema(
        request=TokenInput,
        responses=inline_serializer("TokenOutput", {"token": serializers.CharField()}),
    )
    def post(self, request: Request) -> Response:
        # The same failed sign-in limits as the HTML login (socialgov.core.login_limits).
        login = request.data.get("username") if isinstance(request.data, dict) else None
        login = login if isinstance(login, str) else ""
        wait = login_limits.retry_after(request, login)
        if wait:
            raise Throttled(wait=wait)
        serializer = TokenInput(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
            user = serializer.validated_data["user"]
            mfa.check_second_factor(user, serializer.validated_data.get("code"))
        except (serializers.ValidationError, DjangoValidationError):
            login_limits.record_failure(request, login)
            raise
        login_limits.record_success(request, login)
        _token, key = services.api_token_create(
            actor=user, name=gettext("API sign-in"), scope=TokenScope.READ_WRITE
        )
        return Response({"token": key})


class OrgUnitOutput(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = ("id", "code", "name", "parent", "path")


class OrgUnitInput(StrictSerializer):
    code = serializers.CharField(max_length=50)
    name = serializers.CharField(max_length=200)
    parent = ScopedPrimaryKeyRelatedField(  # type: ignore[assignment]
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )


class OrgUnitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[OrgUnit]):
    queryset = OrgUnit.objects.all()
    serializer_class = OrgUnitOutput

    def get_queryset(self) -> Any:
        return selectors.org_unit_list(user=self.request.user)

    @extend_schema(request=OrgUnitInput, responses={201: OrgUnitOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OrgUnitInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        unit = services.org_unit_create(actor=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(OrgUnitOutput(unit).data, status=status.HTTP_201_CREATED)


class PersonOutput(serializers.ModelSerializer[Person]):
    class Meta:
        model = Person
        fields = (
            "id",
            "employee_id",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "org_unit",
            "manager",
            "language",
            "employment_status",
            "left_at",
        )


class PersonInput(StrictSerializer):
    employee_id = serializers.CharField(max_length=50)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    email = serializers.EmailField(max_length=254)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    org_unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    manager = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class PersonUpdateInput(StrictSerializer):
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    email = serializers.EmailField(max_length=254, required=False)
    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    org_unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    manager = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    language = serializers.ChoiceField(choices=Language.choices, required=False)


@list_filters(text_parameter("search", "part of a name, e-mail or employee id"))
class PersonViewSet(ServiceWriteViewSet[Person]):
    queryset = Person.objects.all()
    serializer_class = PersonOutput
    create_input = PersonInput
    update_input = PersonUpdateInput

    def get_queryset(self) -> Any:
        return selectors.person_list(
            user=self.request.user, search=self.request.query_params.get("search", "")[:100]
        )

    def service_create(self, *, actor: User, data: dict[str, Any]) -> Person:
        return services.person_create(actor=actor, **data)

    def service_update(self, *, actor: User, instance: Person, data: dict[str, Any]) -> Person:
        return services.person_update(actor=actor, person=instance, **data)


class TaskOutput(serializers.ModelSerializer[Task]):
    subject_type = serializers.SerializerMethodField()
    # A system-made title in the request's language, like the pages.
    title = serializers.CharField(source="display_title", read_only=True)
    description = serializers.CharField(source="display_description", read_only=True)

    class Meta:
        model = Task
        fields = (
            "id",
            "title",
            "description",
            "owner",
            "due_date",
            "status",
            "priority",
            "source",
            "subject_type",
            "object_id",
            "completed_at",
            "created_at",
        )

    def get_subject_type(self, task: Task) -> str | None:
        return task.content_type.model if task.content_type_id else None  # type: ignore[union-attr]


class TaskInput(StrictSerializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    owner = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())
    due_date = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=TaskPriority.choices, required=False)


class TaskStatusInput(StrictSerializer):
    status = serializers.ChoiceField(choices=TaskStatus.choices)


@list_filters(flag_parameter("open", "only open tasks"), flag_parameter("mine", "only my tasks"))
class TaskViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Task]
):
    queryset = Task.objects.all()
    serializer_class = TaskOutput
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        params = self.request.query_params
        return selectors.task_list(
            user=self.request.user,
            open_only=params.get("open") == "true",
            mine=params.get("mine") == "true",
        )

    @extend_schema(request=TaskInput, responses={201: TaskOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = TaskInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        task = services.task_create(actor=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(TaskOutput(task).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaskStatusInput, responses=TaskOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        data = TaskStatusInput(data=request.data)
        data.is_valid(raise_exception=True)
        task = services.task_set_status(actor=request.user, task=task, **data.validated_data)  # type: ignore[arg-type]
        return Response(TaskOutput(task).data)


class AuditEventOutput(serializers.ModelSerializer[AuditEvent]):
    class Meta:
        model = AuditEvent
        fields = (
            "id",
            "created_at",
            "actor_label",
            "verb",
            "target_type",
            "target_id",
            "target_label",
            "changes",
            "previous_hash",
            "hash",
        )


class AuditEventViewSet(viewsets.ReadOnlyModelViewSet[AuditEvent]):
    queryset = AuditEvent.objects.all()
    serializer_class = AuditEventOutput

    def get_queryset(self) -> Any:
        return selectors.audit_event_list(user=self.request.user)
