"""Channels, their access grants and the public directory."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels import selectors, services
from socialgov.channels.api.common import FILTER_PARAMETERS, filters_from, may_name_owner
from socialgov.channels.models import (
    AccessGrant,
    AccessRole,
    Answer,
    Audience,
    Channel,
    ChannelDirectoryEntry,
    ChannelStatus,
    CredentialCustody,
    Platform,
    Purpose,
)
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import OrgUnit, Person
from socialgov.core.pagination import IdsFirstLimitOffsetPagination


class ChannelOutput(serializers.ModelSerializer[Channel]):
    owner_name = serializers.CharField(source="owner.full_name", read_only=True)
    deputy_name = serializers.CharField(
        source="deputy.full_name", read_only=True, default=None, allow_null=True
    )
    posture_score = serializers.SerializerMethodField()
    next_review_due = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Channel
        fields = (
            "id",
            "platform",
            "handle",
            "url",
            "display_name",
            "purpose",
            "audience",
            "brand",
            "org_unit",
            "reach",
            "verified",
            "status",
            "owner",
            "owner_name",
            "deputy",
            "deputy_name",
            "started_on",
            "retired_on",
            "description",
            "mfa",
            "credential_custody",
            "recovery_email_owned",
            "recovery_phone_owned",
            "third_party_apps",
            "admin_count",
            "posture_score",
            "review_every_days",
            "last_reviewed_on",
            "next_review_due",
            "created_at",
            "updated_at",
        )

    def get_posture_score(self, channel: Channel) -> int:
        return selectors.channel_posture(channel).score


class _ChannelFields(StrictSerializer):
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    display_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    brand = serializers.CharField(max_length=200, required=False, allow_blank=True)
    org_unit = ScopedPrimaryKeyRelatedField(
        queryset=OrgUnit.objects.all(), required=False, allow_null=True
    )
    reach = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    verified = serializers.BooleanField(required=False)
    started_on = serializers.DateField(required=False, allow_null=True)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    mfa = serializers.ChoiceField(choices=Answer.choices, required=False)
    credential_custody = serializers.ChoiceField(choices=CredentialCustody.choices, required=False)
    recovery_email_owned = serializers.ChoiceField(choices=Answer.choices, required=False)
    recovery_phone_owned = serializers.ChoiceField(choices=Answer.choices, required=False)
    third_party_apps = serializers.IntegerField(min_value=0, max_value=1000, required=False)
    admin_count = serializers.IntegerField(
        min_value=0, max_value=10_000, required=False, allow_null=True
    )
    review_every_days = serializers.IntegerField(
        min_value=7, max_value=3660, required=False, allow_null=True
    )


class ChannelInput(_ChannelFields):
    platform = serializers.ChoiceField(choices=Platform.choices)
    handle = serializers.CharField(max_length=400, allow_blank=True)
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    audience = serializers.ChoiceField(choices=Audience.choices)
    status = serializers.ChoiceField(choices=ChannelStatus.choices, required=False)
    # Not ScopedPrimaryKeyRelatedField: a lead may name any employee as owner, and channel
    # owners may only name themselves (checked in the view).
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    deputy = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class ChannelUpdateInput(_ChannelFields):
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)
    handle = serializers.CharField(max_length=400, required=False)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    status = serializers.ChoiceField(choices=ChannelStatus.choices, required=False)
    retired_on = serializers.DateField(required=False, allow_null=True)


class OwnerInput(StrictSerializer):
    owner = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    deputy = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )


class GrantOutput(serializers.ModelSerializer[AccessGrant]):
    holder = serializers.CharField(read_only=True)

    class Meta:
        model = AccessGrant
        fields = (
            "id",
            "channel",
            "person",
            "external_name",
            "agency",
            "holder",
            "role",
            "granted_by",
            "granted_on",
            "status",
            "revoked_on",
            "leaver_flagged_at",
            "note",
        )


class GrantInput(StrictSerializer):
    role = serializers.ChoiceField(choices=AccessRole.choices)
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    external_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    agency = serializers.CharField(max_length=200, required=False, allow_blank=True)
    granted_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)


class GrantRevokeInput(StrictSerializer):
    revoked_on = serializers.DateField(required=False, allow_null=True)


class ChannelViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Channel]
):
    queryset = Channel.objects.all()
    serializer_class = ChannelOutput
    # The schema declares these detail actions' lists paginated (socialgov.core.schema).
    paginated_detail_actions = ("access_grants",)
    pagination_class = IdsFirstLimitOffsetPagination
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> Any:
        filters = (
            filters_from(self.request.query_params)
            if self.action == "list"
            else selectors.ChannelFilters()
        )
        return selectors.channel_list(user=self.request.user, filters=filters).order_by(
            "platform", "handle"
        )

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ChannelInput, responses={201: ChannelOutput})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = ChannelInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        if not may_name_owner(request.user, data.validated_data["owner"]):
            raise PermissionDenied("A channel owner registers channels with themselves as owner.")
        channel = services.channel_register(
            actor=permissions.acting_user(request.user), **data.validated_data
        )
        return Response(ChannelOutput(channel).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChannelUpdateInput, responses=ChannelOutput)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        channel = self.get_object()
        data = ChannelUpdateInput(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        channel = services.channel_update(
            actor=permissions.acting_user(request.user), channel=channel, **data.validated_data
        )
        return Response(ChannelOutput(channel).data)

    @extend_schema(request=OwnerInput, responses=ChannelOutput)
    @action(detail=True, methods=["post"])
    def owner(self, request: Request, pk: str | None = None) -> Response:
        """Set a new accountable owner (and optionally the deputy); ends an orphaned status."""
        channel = self.get_object()
        data = OwnerInput(data=request.data)
        data.is_valid(raise_exception=True)
        actor = permissions.acting_user(request.user)
        channel = services.channel_hand_over(
            actor=actor,
            channel=channel,
            owner=data.validated_data["owner"],
            deputy=data.validated_data.get("deputy"),
            change_deputy="deputy" in data.validated_data,
        )
        return Response(ChannelOutput(channel).data)

    @extend_schema(methods=["GET"], responses=GrantOutput(many=True))
    @extend_schema(methods=["POST"], request=GrantInput, responses={201: GrantOutput})
    @action(detail=True, methods=["get", "post"], url_path="access-grants")
    def access_grants(self, request: Request, pk: str | None = None) -> Response:
        channel = self.get_object()
        if request.method == "GET":
            grants = selectors.grant_list(user=request.user, channel=channel)
            page = self.paginate_queryset(grants)  # type: ignore[arg-type]
            return self.get_paginated_response(GrantOutput(page, many=True).data)  # type: ignore[arg-type]
        data = GrantInput(data=request.data)
        data.is_valid(raise_exception=True)
        actor = permissions.acting_user(request.user)
        grant = services.access_grant_add(
            actor=actor, channel=channel, granted_by=actor.person, **data.validated_data
        )
        return Response(GrantOutput(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GrantRevokeInput, responses=GrantOutput)
    @action(
        detail=True,
        methods=["post"],
        url_path=r"access-grants/(?P<grant_id>[0-9]+)/revoke",
        url_name="access-grant-revoke",
    )
    def revoke_access_grant(
        self, request: Request, pk: str | None = None, grant_id: str | None = None
    ) -> Response:
        """Record that a grant was removed on the platform, outside a review."""
        channel = self.get_object()
        grant = AccessGrant.objects.filter(channel=channel, pk=int(grant_id or 0)).first()
        if grant is None:
            raise NotFound()
        data = GrantRevokeInput(data=request.data)
        data.is_valid(raise_exception=True)
        grant = services.access_grant_revoke(
            actor=permissions.acting_user(request.user), grant=grant, **data.validated_data
        )
        return Response(GrantOutput(grant).data)


class DirectoryOutput(serializers.ModelSerializer[ChannelDirectoryEntry]):
    class Meta:
        model = ChannelDirectoryEntry
        fields = ("id", "platform", "handle", "url", "display_name", "purpose", "audience")


class ChannelDirectoryViewSet(viewsets.ReadOnlyModelViewSet[ChannelDirectoryEntry]):
    """The public face of the register, for every signed-in user: which accounts are ours."""

    queryset = ChannelDirectoryEntry.objects.all()
    serializer_class = DirectoryOutput

    def get_queryset(self) -> Any:
        filters = (
            filters_from(self.request.query_params)
            if self.action == "list"
            else selectors.ChannelFilters()
        )
        return selectors.channel_directory(user=self.request.user, filters=filters)

    @extend_schema(parameters=FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)
