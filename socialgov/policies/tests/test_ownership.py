"""Issue 18: a policy's owner moves only by the accountability rule (owner, lead, admin)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from socialgov.core.models import Notification
from socialgov.policies import services
from socialgov.policies.tests.helpers import make_policy

pytestmark = pytest.mark.django_db


def test_the_approver_cannot_take_a_policy_through_the_service_or_the_api(
    api_as, owner, teammate
) -> None:
    policy = make_policy(owner=owner.person)
    services.policy_update(actor=None, policy=policy, approver=teammate.person)
    with pytest.raises(PermissionDenied):
        services.policy_update(actor=teammate, policy=policy, owner=teammate.person)
    response = api_as(teammate).patch(
        f"/api/v1/policies/{policy.pk}/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code in (403, 404)
    policy.refresh_from_db()
    assert policy.owner_id == owner.person_id


def test_the_owner_hands_a_policy_on_and_the_lead_hears(owner, teammate, lead) -> None:
    policy = make_policy(owner=owner.person)
    policy = services.policy_update(actor=owner, policy=policy, owner=teammate.person)
    assert policy.owner_id == teammate.person_id
    assert Notification.objects.filter(
        recipient=lead.person, subject__startswith="Change of policy owner"
    ).exists()


def test_a_lead_moves_a_policy_through_the_api_and_the_previous_owner_hears(
    api_as, owner, teammate, lead
) -> None:
    policy = make_policy(owner=owner.person)
    response = api_as(lead).patch(
        f"/api/v1/policies/{policy.pk}/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Notification.objects.filter(
        recipient=owner.person, subject__startswith="Change of policy owner"
    ).exists()
