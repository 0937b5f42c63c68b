"""Pieces the risk API resources share."""

from __future__ import annotations

from django.db import models
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from socialgov.channels.models import Channel
from socialgov.risks import selectors


@extend_schema_field(OpenApiTypes.INT)
class ChannelField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A channel the requesting user may see."""

    def get_queryset(self) -> models.QuerySet[Channel]:
        request = self.context.get("request")
        if request is None:
            return Channel.objects.none()
        return selectors.channel_list(user=request.user)
