"""REST API of the channel register: thin views over the selectors and services."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.channels import selectors, services
from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    AccessReviewDecision,
    AccessRole,
    Answer,
    Audience,
    Channel,
    ChannelDirectoryEntry,
    ChannelStatus,
    CredentialCustody,
    DiscoveredAccount,
    LinkedAccount,
    LinkRelation,
    Platform,
    Purpose,
    ReviewDecisionChoice,
    Triage,
    WatchScope,
)
from socialgov.channels.policies import REGISTER_WRITERS
from socialgov.core import permissions
from socialgov.core.api_base import ScopedPrimaryKeyRelatedField, StrictSerializer
from socialgov.core.models import OrgUnit, Person

# ---------------------------------------------------------------- channels


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


class ChannelFilterInput(serializers.Serializer):  # type: ignore[type-arg]
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)
    status = serializers.ChoiceField(choices=ChannelStatus.choices, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    owner = serializers.IntegerField(min_value=1, required=False)
    org_unit = serializers.IntegerField(min_value=1, required=False)
    search = serializers.CharField(max_length=100, required=False)


def filters_from(params: Any) -> selectors.ChannelFilters:
    data = ChannelFilterInput(
        data={key: params.get(key) for key in params if key in ChannelFilterInput().fields}
    )
    data.is_valid(raise_exception=True)
    return selectors.ChannelFilters(**data.validated_data)


def may_name_owner(user: Any, owner: Person) -> bool:
    """Leads and admins name any owner; a channel owner registers channels for themselves."""
    return permissions.has_org_role(user, *REGISTER_WRITERS) or owner.pk == permissions.person_id(
        user
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


_FILTER_PARAMETERS = [
    OpenApiParameter("platform", enum=Platform.values),
    OpenApiParameter("purpose", enum=Purpose.values),
    OpenApiParameter("status", enum=ChannelStatus.values),
    OpenApiParameter("audience", enum=Audience.values),
    OpenApiParameter("owner", int, description="person id of the owner"),
    OpenApiParameter("org_unit", int, description="org unit id; its subtree is included"),
    OpenApiParameter("search", str, description="part of the handle, name or brand"),
]


class ChannelViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet[Channel]
):
    queryset = Channel.objects.all()
    serializer_class = ChannelOutput
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

    @extend_schema(parameters=_FILTER_PARAMETERS)
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
        channel = services.channel_assign_owner(
            actor=actor, channel=channel, owner=data.validated_data["owner"]
        )
        if "deputy" in data.validated_data:
            channel = services.channel_set_deputy(
                actor=actor, channel=channel, deputy=data.validated_data["deputy"]
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

    @extend_schema(parameters=_FILTER_PARAMETERS)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)


# ---------------------------------------------------------------- access reviews


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


class AccessReviewViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet[AccessReview]):
    queryset = AccessReview.objects.all()
    serializer_class = ReviewOutput

    def get_queryset(self) -> Any:
        return selectors.review_list(
            user=self.request.user, open_only=self.request.query_params.get("open") == "true"
        ).prefetch_related("decisions")

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


# ---------------------------------------------------------------- linked accounts


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


# ---------------------------------------------------------------- discovered accounts


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
