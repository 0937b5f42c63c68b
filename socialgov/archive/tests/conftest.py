"""Archive fixtures: `legal_user` holds the legal role over the organisation."""

from __future__ import annotations

import pytest

from socialgov.core.models import OrgUnit, Role, User
from socialgov.core.services import role_assign
from socialgov.core.tests.factories import PersonFactory, UserFactory


@pytest.fixture
def legal_user(org: OrgUnit) -> User:
    user: User = UserFactory(username="legal", person=PersonFactory(org_unit=org))  # type: ignore[assignment]
    role_assign(actor=None, user=user, role=Role.LEGAL)
    return user
