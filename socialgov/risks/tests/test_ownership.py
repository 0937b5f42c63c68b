"""Issue 18: a risk's owner moves only by the accountability rule (owner, lead, admin)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from socialgov.channels.models import Channel
from socialgov.core.models import Notification, User
from socialgov.risks import services
from socialgov.risks.tests.test_api import _risk

pytestmark = pytest.mark.django_db


def test_the_channel_deputy_cannot_take_a_risk_through_the_service_or_the_api(
    api_as: Any, owned_channel: Channel, owner: User, teammate: User
) -> None:
    risk = _risk(owned_channel)
    owned_channel.deputy = teammate.person
    owned_channel.save()
    with pytest.raises(PermissionDenied):
        services.channel_risk_update(actor=teammate, risk=risk, owner=teammate.person)
    response = api_as(teammate).patch(
        f"/api/v1/risks/{risk.pk}/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 403
    risk.refresh_from_db()
    assert risk.owner_id == owner.person_id


def test_the_risk_owner_hands_it_on_and_the_lead_hears(
    owned_channel: Channel, owner: User, teammate: User, lead: User
) -> None:
    risk = _risk(owned_channel)
    risk = services.channel_risk_update(actor=owner, risk=risk, owner=teammate.person)
    assert risk.owner_id == teammate.person_id
    assert Notification.objects.filter(
        recipient=lead.person, subject__startswith="Change of risk owner"
    ).exists()


def test_a_lead_moves_a_risk_and_the_previous_owner_hears(
    api_as: Any, owned_channel: Channel, owner: User, teammate: User, lead: User
) -> None:
    risk = _risk(owned_channel)
    response = api_as(lead).patch(
        f"/api/v1/risks/{risk.pk}/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Notification.objects.filter(
        recipient=owner.person, subject__startswith="Change of risk owner"
    ).exists()
    assert not Notification.objects.filter(recipient=lead.person).exists()


def test_the_lead_reads_the_change_of_owner_in_their_own_language(
    owned_channel: Channel,
    owner: User,
    teammate: User,
    lead: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    reader = lead.person
    assert reader is not None
    reader.language = "nl"
    reader.save()
    risk = _risk(owned_channel)
    with django_capture_on_commit_callbacks(execute=True):
        services.channel_risk_update(actor=owner, risk=risk, owner=teammate.person)
    (sent,) = [message for message in mail.outbox if message.to == [reader.email]]
    assert sent.subject.startswith("[socialgov] Wijziging van risico-eigenaar: ")
    assert f"{teammate.person} is nu risico-eigenaar van " in sent.body
