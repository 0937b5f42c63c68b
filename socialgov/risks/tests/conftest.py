"""Fixtures of the risk tests: the shipped library, channels owned by the named users."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from socialgov.channels.models import Channel
from socialgov.core.models import Person, User
from socialgov.library.importer import library_load
from socialgov.risks.models import RiskMatrix

_handles = itertools.count(1)


def make_channel(owner: Person, **fields: Any) -> Channel:
    """A channel row (the channel app's services are not needed to test risks)."""
    number = next(_handles)
    values: dict[str, Any] = {
        "platform": "facebook",
        "handle": f"page{number}",
        "purpose": "customer_service",
        "audience": "external",
        "status": "active",
        "org_unit": owner.org_unit,
    }
    values.update(fields)
    return Channel.objects.create(owner=owner, **values)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: Any) -> None:
    """Pages link their CSS through the manifest storage, which needs `collectstatic`; tests
    render pages without it."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def library(db: None) -> None:
    library_load(paths=[Path(settings.LIBRARY_DIR)])


@pytest.fixture
def matrix5(library: None) -> RiskMatrix:
    return RiskMatrix.objects.get(key="matrix-5x5")


@pytest.fixture
def matrix3(library: None) -> RiskMatrix:
    return RiskMatrix.objects.get(key="matrix-3x3")


@pytest.fixture
def owned_channel(owner: User, library: None) -> Channel:
    assert owner.person is not None
    return make_channel(owner.person, handle="mosa_care")


@pytest.fixture
def other_channel(outsider: User, library: None) -> Channel:
    assert outsider.person is not None
    return make_channel(outsider.person, handle="mosa_sales", org_unit=outsider.person.org_unit)
