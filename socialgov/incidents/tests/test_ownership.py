"""Issue 18: an incident's lead moves only by the accountability rule (lead, governance lead,
admin); a channel owner on the incident or another analyst never takes it alone."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from socialgov.core.models import Notification, Role, User
from socialgov.core.services import role_assign
from socialgov.incidents import selectors, services
from socialgov.incidents.models import Incident
from socialgov.incidents.tests.helpers import channel_of

pytestmark = pytest.mark.django_db


def _incident(analyst: User, owner: User) -> Incident:
    return services.incident_open(
        actor=analyst,
        title="Odd posts",
        kind="other",
        severity="medium",
        lead=analyst.person,
        channels=[channel_of(owner)],
    )


def test_a_channel_owner_on_the_incident_cannot_take_the_lead(api_as, analyst, owner) -> None:
    incident = _incident(analyst, owner)
    with pytest.raises(PermissionDenied):
        services.incident_set_lead(actor=owner, incident=incident, lead=owner.person)
    response = api_as(owner).post(
        f"/api/v1/incidents/{incident.pk}/lead/", {"lead": owner.person_id}, format="json"
    )
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.lead_id == analyst.person_id


def test_another_analyst_cannot_take_the_lead(api_as, analyst, owner, teammate) -> None:
    role_assign(actor=None, user=teammate, role=Role.ANALYST)
    incident = _incident(analyst, owner)
    response = api_as(teammate).post(
        f"/api/v1/incidents/{incident.pk}/lead/", {"lead": teammate.person_id}, format="json"
    )
    assert response.status_code == 403


def test_the_lead_hands_the_incident_on_and_the_governance_lead_hears(
    api_as, analyst, owner, lead
) -> None:
    incident = _incident(analyst, owner)
    response = api_as(analyst).post(
        f"/api/v1/incidents/{incident.pk}/lead/", {"lead": owner.person_id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["lead"] == owner.person_id
    assert Notification.objects.filter(
        recipient=lead.person, subject__startswith="Change of incident lead"
    ).exists()
    assert [entry.code for entry in selectors.timeline_of(incident)][-1] == "lead"


def test_a_governance_lead_moves_the_lead_and_the_previous_lead_hears(analyst, owner, lead) -> None:
    incident = _incident(analyst, owner)
    services.incident_set_lead(actor=lead, incident=incident, lead=owner.person)
    assert Notification.objects.filter(
        recipient=analyst.person, subject__startswith="Change of incident lead"
    ).exists()
