"""Query filters and owner rules the channel API views share."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from socialgov.channels import selectors
from socialgov.channels.access import REGISTER_WRITERS
from socialgov.channels.models import Audience, ChannelStatus, Platform, Purpose
from socialgov.core import permissions
from socialgov.core.api_base import MAX_INTEGER
from socialgov.core.models import Person


class ChannelFilterInput(serializers.Serializer):  # type: ignore[type-arg]
    platform = serializers.ChoiceField(choices=Platform.choices, required=False)
    purpose = serializers.ChoiceField(choices=Purpose.choices, required=False)
    status = serializers.ChoiceField(choices=ChannelStatus.choices, required=False)
    audience = serializers.ChoiceField(choices=Audience.choices, required=False)
    owner = serializers.IntegerField(min_value=1, max_value=MAX_INTEGER, required=False)
    org_unit = serializers.IntegerField(min_value=1, max_value=MAX_INTEGER, required=False)
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


FILTER_PARAMETERS = [
    OpenApiParameter("platform", enum=Platform.values),
    OpenApiParameter("purpose", enum=Purpose.values),
    OpenApiParameter("status", enum=ChannelStatus.values),
    OpenApiParameter("audience", enum=Audience.values),
    OpenApiParameter("owner", int, description="person id of the owner"),
    OpenApiParameter("org_unit", int, description="org unit id; its subtree is included"),
    OpenApiParameter("search", str, description="part of the handle, name or brand"),
]
