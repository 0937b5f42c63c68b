"""The OpenAPI schema says what the API really answers: plain lists where a detail action returns
one, and the error responses every operation can give."""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view

from socialgov.core.api_base import MAX_INTEGER

ERROR_SCHEMA = "Error"
# What any operation may answer besides its own responses: a field-by-field 400, the
# authentication and permission refusals, an unknown id, the limits on methods, bodies, addresses
# and media types, and the throttle.
ERROR_RESPONSES = {
    "400": "The request is invalid; each field or parameter at fault is named.",
    "401": "No valid credentials.",
    "403": "Not allowed for this user.",
    "404": "No such object, or not visible to this user.",
    "405": "Method not allowed.",
    "406": "Unacceptable Accept header.",
    "413": "Request body too large.",
    "414": "Address too long.",
    "415": "Unsupported media type.",
    "429": "Too many requests.",
}


class SocialgovAutoSchema(AutoSchema):
    def _get_paginator(self) -> Any:
        # Actions on one object (its history, its values) answer a plain list, unless the viewset
        # names them in `paginated_detail_actions` (they call paginate_queryset themselves).
        paginated = getattr(self.view, "paginated_detail_actions", ())
        if (
            getattr(self.view, "detail", False)
            and getattr(self.view, "action", "") not in paginated
        ):
            return None
        return super()._get_paginator()  # type: ignore[no-untyped-call]


def declare_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """A postprocessing hook: every operation declares the error responses with their JSON body."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas[ERROR_SCHEMA] = {
        "type": "object",
        "description": "`detail` for a refusal; for a 400, the fields at fault with their errors.",
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": True,
    }
    reference = {"$ref": f"#/components/schemas/{ERROR_SCHEMA}"}
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for code, description in ERROR_RESPONSES.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result


def id_parameter(name: str, description: str = "") -> OpenApiParameter:
    """A query parameter naming an object by id (the API refuses anything else with a 400)."""
    return OpenApiParameter(
        name,
        {"type": "integer", "minimum": 1, "maximum": MAX_INTEGER},
        description=description or f"{name.replace('_', ' ')} id",
    )


def flag_parameter(name: str, description: str) -> OpenApiParameter:
    """A filter that is on when it is `true` (any other value leaves it off)."""
    return OpenApiParameter(name, str, enum=["true", "false"], description=description)


def text_parameter(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, str, description=description)


def list_filters(*parameters: OpenApiParameter) -> Any:
    """Declare the query filters of a viewset's list in the schema."""
    return extend_schema_view(list=extend_schema(parameters=list(parameters)))
