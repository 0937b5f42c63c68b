"""Linked private accounts and discovered lookalike accounts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels import selectors, services
from socialgov.channels.api.common import may_name_owner
from socialgov.channels.models import (
    Audience,
    Channel,
    DiscoveredAccount,
    LinkedAccount,
    LinkRelation,
    Platform,
    Purpose,
    Triage,
    WatchScope,
)
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import Person
from socialgov.core.schema import flag_parameter, list_filters, text_parameter


class LinkedAccountOutput(serializers.ModelSerializer[LinkedAccount]):
    class Meta:
        model = LinkedAccount
        fields = (
            "id",
            "person",
            "platform",
            "handle",
            "url",
            "relation",
            "consent_given",
            "consent_at",
            "watch",
            "status",
            "withdrawn_at",
            "created_at",
        )


class LinkedAccountInput(StrictSerializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField(max_length=400)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    relation = serializers.ChoiceField(choices=LinkRelation.choices)
    consent_given = serializers.BooleanField()
    watch = serializers.ChoiceField(choices=WatchScope.choices, required=False)


@list_filters(flag_parameter("mine", "only my accounts"))
class LinkedAccountViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[LinkedAccount]):
    queryset = LinkedAccount.objects.all()
    serializer_class = LinkedAccountOutput

    def get_queryset(self) -> Any:
        return selectors.linked_account_list(
            user=self.request.user, mine=self.request.query_params.get("mine") == "true"
        )

    @extend_schema(request=LinkedAccountInput, responses={201: LinkedAccountOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = LinkedAccountInput(data=request.data)
        data.is_valid(raise_exception=True)
        actor = permissions.acting_user(request.user)
        assert actor.person is not None  # can_create requires a person
        account = services.linked_account_declare(
            actor=actor, person=actor.person, **data.validated_data
        )
        return Response(LinkedAccountOutput(account).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=LinkedAccountOutput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        account = services.linked_account_withdraw(
            actor=permissions.acting_user(request.user), account=self.get_object()
        )
        return Response(LinkedAccountOutput(account).data)


# Discovered accounts


class DiscoveredAccountOutput(serializers.ModelSerializer[DiscoveredAccount]):
    class Meta:
        model = DiscoveredAccount
        fields = (
            "id",
            "platform",
            "handle",
            "url",
            "display_name",
            "evidence",
            "similarity",
            "resembles",
            "source",
            "triage",
            "triaged_at",
            "triaged_by",
            "triage_note",
            "registered_as",
            "incident_task",
            "created_at",
        )


class DiscoveredAccountInput(StrictSerializer):
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField(max_length=400, allow_blank=True)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    display_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    evidence = serializers.CharField(max_length=20_000, required=False, allow_blank=True)
    similarity = serializers.FloatField(
        min_value=0.0, max_value=1.0, required=False, allow_null=True
    )
    resembles = ScopedPrimaryKeyRelatedField(
        queryset=Channel.objects.all(), required=False, allow_null=True
    )


class TriageInput(StrictSerializer):
    triage = serializers.ChoiceField(choices=[c for c in Triage.choices if c[0] != Triage.NEW])
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)


@list_filters(text_parameter("triage", "a triage state"))
class DiscoveredAccountViewSet(
    mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[DiscoveredAccount]
):
    queryset = DiscoveredAccount.objects.all()
    serializer_class = DiscoveredAccountOutput

    def get_queryset(self) -> Any:
        triage = self.request.query_params.get("triage", "")
        return selectors.discovered_account_list(
            user=self.request.user, triage=triage if triage in Triage.values else ""
        )

    @extend_schema(request=DiscoveredAccountInput, responses={201: DiscoveredAccountOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = DiscoveredAccountInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        account = services.discovered_account_record(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(DiscoveredAccountOutput(account).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TriageInput, responses=DiscoveredAccountOutput)
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, pk: str | None = None) -> Response:
        account = self.get_object()
        data = TriageInput(data=request.data)
        data.is_valid(raise_exception=True)
        owner = data.validated_data.get("owner")
        if owner is not None and not may_name_owner(request.user, owner):
            raise PermissionDenied("You cannot name this owner.")
        account = services.discovered_account_triage(
            actor=permissions.acting_user(request.user), account=account, **data.validated_data
        )
        return Response(DiscoveredAccountOutput(account).data)
