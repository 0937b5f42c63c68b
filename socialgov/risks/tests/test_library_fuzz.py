"""Hostile library documents: whatever the content, a load either succeeds or is refused with
LibraryError, and a refused load writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.library.importer import LibraryError, _load, parse_document
from socialgov.library.models import LibraryRelease
from socialgov.risks.models import Control, RiskMatrix, RiskType

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 12),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["en", "low", "account-hijack", "A.5.17", "#2e7d32", "facebook"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "key",
                    "title",
                    "description",
                    "category",
                    "en",
                    "nl",
                    "fr",
                    "size",
                    "likelihood",
                    "impact",
                    "levels",
                    "grid",
                    "label",
                    "colour",
                    "reduces",
                    "iso27001",
                    "type",
                    "posture",
                    "platforms",
                    "purposes",
                    "causes",
                    "typical_likelihood",
                    "typical_impact",
                    "name",
                ]
            ),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=25,
)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(["risk_catalogue", "risk_matrices", "controls"]),
    items=st.lists(values, min_size=1, max_size=4),
)
def test_hostile_items_are_refused_cleanly(kind: str, items: list[Any]) -> None:
    document, errors = parse_document(
        {"kind": kind, "library": f"fuzz.{kind}", "version": "1", "items": items}, "fuzz.yaml"
    )
    assert document is not None, errors
    _load_or_refuse(document)


def _counts() -> tuple[int, ...]:
    return (
        RiskType.objects.count(),
        RiskMatrix.objects.count(),
        Control.objects.count(),
        LibraryRelease.objects.count(),
    )


def _load_or_refuse(document: Any) -> None:
    before = _counts()
    try:
        _load([document], actor=None, overwrite_local=False)
    except LibraryError as refused:
        assert refused.errors
        assert all(isinstance(error, str) and error for error in refused.errors)
        assert _counts() == before


SHIPPED = {
    "risk_catalogue": "risks/catalogue.yaml",
    "risk_matrices": "matrices/matrices.yaml",
    "controls": "controls/controls.yaml",
}


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(sorted(SHIPPED)),
    index=st.integers(0, 50),
    field=st.sampled_from(
        [
            "key",
            "title",
            "size",
            "grid",
            "levels",
            "reduces",
            "iso27001",
            "platforms",
            "causes",
            "typical_impact",
            "likelihood",
            "category",
            "type",
            "posture",
        ]
    ),
    value=values,
    version=st.integers(1, 10_000),
)
def test_one_hostile_field_in_a_real_item_is_refused_cleanly(
    kind: str, index: int, field: str, value: Any, version: int
) -> None:
    from socialgov.risks.tests.test_library import _read

    raw = _read(SHIPPED[kind])
    if kind == "controls":
        # Controls refer to the catalogue: load it first (idempotent across examples).
        # Above any version an example loads, so it is never "older".
        prerequisite = {**_read(SHIPPED["risk_catalogue"]), "version": "99999"}
        catalogue, _errors = parse_document(prerequisite, "catalogue")
        _load([catalogue], actor=None, overwrite_local=False)  # type: ignore[list-item]
    items = raw["items"]
    items[index % len(items)][field] = value
    raw["version"] = f"9999.{version}"
    document, errors = parse_document(raw, "fuzz.yaml")
    assert document is not None, errors
    _load_or_refuse(document)
