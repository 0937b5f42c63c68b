"""Hostile governance documents (maturity model, policy template, training module): whatever a
field holds, a load either succeeds or is refused with LibraryError, and a refused load writes
nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.assessments.models import MaturityModel
from socialgov.awareness.models import TrainingModule
from socialgov.library.importer import LibraryError, _load, parse_document
from socialgov.library.models import LibraryRelease
from socialgov.policies.models import PolicyTemplate

SHIPPED = {
    "maturity_model": "maturity/social-media-governance.yaml",
    "policy_template": "policies/personal-use-guideline.yaml",
    "training_module": "training/private-use-at-work.yaml",
}
FIELDS = [
    "key",
    "version",
    "title",
    "summary",
    "body",
    "category",
    "levels",
    "scale",
    "domains",
    "target_level",
    "lessons",
    "quiz",
    "pass_mark",
    "duration_minutes",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-40_000, 40_000),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["en", "nl", "fr", "single", "multiple", "personal_use", "3"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from(
                    ["key", "en", "nl", "fr", "text", "level", "choices", "correct", "kind"]
                ),
                st.integers(0, 6),
            ),
            inner,
            max_size=6,
        ),
    ),
    max_leaves=25,
)


def _counts() -> tuple[int, ...]:
    return (
        MaturityModel.objects.count(),
        PolicyTemplate.objects.count(),
        TrainingModule.objects.count(),
        LibraryRelease.objects.count(),
    )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from(sorted(SHIPPED)),
    field=st.sampled_from(FIELDS),
    value=values,
    version=st.integers(1, 10_000),
)
def test_one_hostile_field_in_a_real_item_is_refused_cleanly(
    kind: str, field: str, value: Any, version: int
) -> None:
    path = Path(django_settings.LIBRARY_DIR) / SHIPPED[kind]
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    raw["items"][0][field] = value
    raw["version"] = f"9999.{version}"
    document, errors = parse_document(raw, "fuzz.yaml")
    assert document is not None, errors
    before = _counts()
    try:
        _load([document], actor=None, overwrite_local=False)
    except LibraryError as refused:
        assert refused.errors
        assert all(isinstance(error, str) and "fuzz.yaml" in error for error in refused.errors)
        assert _counts() == before
