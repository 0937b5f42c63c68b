"""REST API: /api/v1/incidents/ and /api/v1/playbooks/, through the same permission layer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import Person
from socialgov.core.schema import list_filters, text_parameter
from socialgov.incidents import playbooks, selectors, services
from socialgov.incidents.models import (
    Incident,
    IncidentKind,
    IncidentSeverity,
    IncidentStatus,
    Playbook,
    TimelineEntry,
)
from socialgov.monitoring.models import Alert


class IncidentOutput(serializers.ModelSerializer[Incident]):
    # Composed in the request's language when titled after an alert.
    title = serializers.CharField(source="display_title", read_only=True)

    class Meta:
        model = Incident
        fields = (
            "id",
            "title",
            "kind",
            "severity",
            "status",
            "lead",
            "reported_by",
            "playbook",
            "detected_at",
            "contained_at",
            "resolved_at",
            "closed_at",
            "contain_due_at",
            "resolve_due_at",
            "reviewed_at",
        )


class TimelineOutput(serializers.ModelSerializer[TimelineEntry]):
    class Meta:
        model = TimelineEntry
        fields = ("id", "created_at", "actor", "kind", "code", "params", "text")


class PlaybookOutput(serializers.ModelSerializer[Playbook]):
    class Meta:
        model = Playbook
        fields = ("id", "key", "kind", "title", "steps", "links", "templates", "library_version")


class IncidentInput(StrictSerializer):
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=IncidentKind.choices)
    severity = serializers.ChoiceField(choices=IncidentSeverity.choices)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20_000)
    evidence = serializers.CharField(required=False, allow_blank=True, max_length=50_000)
    lead = ScopedPrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    channels = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), many=True, required=False
    )


class LeadInput(StrictSerializer):
    lead = ScopedPrimaryKeyRelatedField(queryset=Person.objects.all())


class FromAlertsInput(StrictSerializer):
    alerts = ScopedPrimaryKeyRelatedField(queryset=Alert.objects.all(), many=True)
    kind = serializers.ChoiceField(choices=IncidentKind.choices, required=False)


class TransitionInput(StrictSerializer):
    status = serializers.ChoiceField(choices=IncidentStatus.choices)


class NoteInput(StrictSerializer):
    text = serializers.CharField(max_length=20_000)


class PlaybookStartInput(StrictSerializer):
    playbook = ScopedPrimaryKeyRelatedField(queryset=Playbook.objects.all())


class IncidentReviewInput(StrictSerializer):
    cause = serializers.CharField(max_length=10_000)
    worked = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    change = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


def _valid(serializer_class: type[StrictSerializer], request: Request) -> dict[str, Any]:
    data = serializer_class(data=request.data, context={"request": request})
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


@list_filters(text_parameter("status", "a status"))
class IncidentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[Incident]):
    queryset = Incident.objects.all()
    serializer_class = IncidentOutput

    def get_queryset(self) -> Any:
        incidents = selectors.incident_list(user=self.request.user)
        wanted = self.request.query_params.get("status")
        if wanted in IncidentStatus.values:
            incidents = incidents.filter(status=wanted)
        return incidents

    def _changeable(self) -> Incident:
        incident = self.get_object()
        if not permissions.can_change(self.request.user, incident):
            raise PermissionDenied
        return incident

    def _actor(self) -> Any:
        return permissions.acting_user(self.request.user)

    @extend_schema(request=IncidentInput, responses={201: IncidentOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not permissions.can_create(request.user, Incident):
            raise PermissionDenied
        data = _valid(IncidentInput, request)
        person_id = permissions.person_id(request.user)
        person = Person.objects.filter(pk=person_id).first() if person_id else None
        incident = services.incident_open(actor=self._actor(), reported_by=person, **data)
        return Response(IncidentOutput(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=FromAlertsInput, responses={201: IncidentOutput})
    @action(detail=False, methods=["post"], url_path="from-alerts")
    def from_alerts(self, request: Request) -> Response:
        if not permissions.can_create(request.user, Incident) or permissions.is_read_only(
            request.user
        ):
            raise PermissionDenied
        data = _valid(FromAlertsInput, request)
        incident = services.incident_open_from_alerts(actor=self._actor(), **data)
        return Response(IncidentOutput(incident).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionInput, responses=IncidentOutput)
    @action(detail=True, methods=["post"])
    def transition(self, request: Request, pk: str) -> Response:
        incident = self._changeable()
        data = _valid(TransitionInput, request)
        incident = services.incident_transition(actor=self._actor(), incident=incident, **data)
        return Response(IncidentOutput(incident).data)

    @extend_schema(request=LeadInput, responses=IncidentOutput)
    @action(detail=True, methods=["post"])
    def lead(self, request: Request, pk: str) -> Response:
        incident = self._changeable()
        data = _valid(LeadInput, request)
        incident = services.incident_set_lead(actor=self._actor(), incident=incident, **data)
        return Response(IncidentOutput(incident).data)

    @extend_schema(request=NoteInput, responses={201: TimelineOutput})
    @action(detail=True, methods=["post"])
    def note(self, request: Request, pk: str) -> Response:
        incident = self._changeable()
        entry = services.incident_note(
            actor=self._actor(), incident=incident, **_valid(NoteInput, request)
        )
        return Response(TimelineOutput(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlaybookStartInput, responses=IncidentOutput)
    @action(detail=True, methods=["post"], url_path="start-playbook")
    def start_playbook(self, request: Request, pk: str) -> Response:
        incident = self._changeable()
        data = _valid(PlaybookStartInput, request)
        playbooks.playbook_start(actor=self._actor(), incident=incident, **data)
        incident.refresh_from_db()
        return Response(IncidentOutput(incident).data)

    @extend_schema(request=IncidentReviewInput, responses=IncidentOutput)
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        incident = self._changeable()
        data = _valid(IncidentReviewInput, request)
        incident = services.incident_review(
            actor=self._actor(),
            incident=incident,
            cause=data["cause"],
            worked=data.get("worked", ""),
            change=data.get("change", ""),
        )
        return Response(IncidentOutput(incident).data)

    @extend_schema(responses=TimelineOutput(many=True))
    @action(detail=True, methods=["get"])
    def timeline(self, request: Request, pk: str) -> Response:
        incident = self.get_object()
        return Response(TimelineOutput(selectors.timeline_of(incident), many=True).data)


class PlaybookViewSet(viewsets.ReadOnlyModelViewSet[Playbook]):
    queryset = Playbook.objects.all()
    serializer_class = PlaybookOutput

    def get_queryset(self) -> Any:
        return selectors.playbook_list(user=self.request.user)
