"""Building blocks every app's API uses."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.http import QueryDict
from django.utils.translation import gettext as _
from rest_framework import serializers

from socialgov.core import permissions

# The largest id or whole number a filter or a body may name: the databases' 64-bit integer.
MAX_INTEGER = 2**63 - 1


def _is_whole_number(value: Any) -> bool:
    """An int (not a bool), or a string of ASCII digits that fits the database (forms send text)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= MAX_INTEGER
    if isinstance(value, str):
        return value.isascii() and value.isdigit() and int(value) <= MAX_INTEGER
    return False


def _type_error(field: serializers.Field, value: Any) -> str | None:  # type: ignore[type-arg]
    """Why `value` is the wrong JSON type for `field`, or None when its type is right."""
    if value is None:
        return None  # the field itself says whether null is allowed
    if isinstance(field, serializers.ManyRelatedField):
        if not isinstance(value, list):
            return _("Expected a list of ids.")
        return next(
            (error for item in value if (error := _type_error(field.child_relation, item))), None
        )
    if isinstance(field, serializers.PrimaryKeyRelatedField) and not _is_whole_number(value):
        return _("Expected the id of an object: a whole number.")
    if isinstance(field, serializers.CharField | serializers.ChoiceField) and not isinstance(
        value, str
    ):
        return _("Expected text.")
    if isinstance(field, serializers.IntegerField) and (
        isinstance(value, bool | float) or (isinstance(value, int) and abs(value) > MAX_INTEGER)
    ):
        return _("Expected a whole number.")
    if isinstance(field, serializers.BooleanField) and not isinstance(value, bool | str):
        return _("Expected true or false.")
    return None


class StrictSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """An input serializer that refuses fields it does not know, instead of ignoring them, and
    values of the wrong JSON type (a number for text, a float or a bool for an id), instead of
    converting them."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            raise serializers.ValidationError({"non_field_errors": [_("Expected a JSON object.")]})
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        if isinstance(data, QueryDict):
            return super().to_internal_value(data)  # a form sends text only: DRF converts it
        wrong = {
            name: [error]
            for name, field in self.fields.items()
            if name in data and not field.read_only
            if (error := _type_error(field, data[name]))
        }
        if wrong:
            # The other fields' problems too, so that one answer names every field at fault.
            try:
                super().to_internal_value({k: v for k, v in data.items() if k not in wrong})
            except serializers.ValidationError as error:
                if isinstance(error.detail, dict):
                    for name, errors in error.detail.items():
                        wrong.setdefault(name, errors)  # type: ignore[arg-type]
            raise serializers.ValidationError(wrong)
        return super().to_internal_value(data)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    """A foreign key input limited to the objects the requesting user may see."""

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()
        assert queryset is not None
        request = self.context.get("request")
        if request is None:
            return queryset.none()
        return permissions.visible(request.user, queryset)


def query_int(
    params: Mapping[str, Any], name: str, *, minimum: int = 1, maximum: int = MAX_INTEGER
) -> int | None:
    """A whole-number query parameter (an id, a level), None when absent; a value that is not
    one, or out of range, is a 400 that names the parameter."""
    raw = params.get(name)
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    digits = text.lstrip("-")
    # More digits than any 64-bit number has is out of range (and spares int() a huge string).
    well_formed = text.isascii() and digits.isdigit() and len(digits) <= 19
    number = int(text) if well_formed else None
    if number is None or not minimum <= number <= maximum:
        raise serializers.ValidationError(
            {
                name: [
                    _("Expected a whole number from %(low)d to %(high)d.")
                    % {"low": minimum, "high": maximum}
                ]
            }
        )
    return number
