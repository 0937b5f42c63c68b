"""A viewset whose writes go through the app's services: the input serializer validates (and
refuses unknown fields), the service writes and audits, the output serializer answers. Each
viewset names its serializers and the two service calls; the request handling is written once."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from django.db import models
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from socialgov.core import permissions
from socialgov.core.models import User

ModelT = TypeVar("ModelT", bound=models.Model)


class ServiceWriteViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet[ModelT],
    Generic[ModelT],
):
    create_input: ClassVar[type[serializers.BaseSerializer[Any]]]
    update_input: ClassVar[type[serializers.BaseSerializer[Any]]]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "create_input" in cls.__dict__ or "update_input" in cls.__dict__:
            extend_schema_view(
                create=extend_schema(
                    request=cls.create_input, responses={201: cls.serializer_class}
                ),
                partial_update=extend_schema(
                    request=cls.update_input, responses=cls.serializer_class
                ),
            )(cls)

    def service_create(self, *, actor: User, data: dict[str, Any]) -> ModelT:
        raise NotImplementedError

    def service_update(self, *, actor: User, instance: ModelT, data: dict[str, Any]) -> ModelT:
        raise NotImplementedError

    def _validated(
        self, serializer: type[serializers.BaseSerializer[Any]], request: Request
    ) -> dict[str, Any]:
        data = serializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        return dict(data.validated_data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self._validated(self.create_input, request)
        created = self.service_create(actor=permissions.acting_user(request.user), data=data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        data = self._validated(self.update_input, request)
        updated = self.service_update(
            actor=permissions.acting_user(request.user), instance=instance, data=data
        )
        return Response(self.get_serializer(updated).data)
