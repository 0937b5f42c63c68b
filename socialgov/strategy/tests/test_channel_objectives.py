"""Objectives tied to channels of the register: a channel without one is a governance gap."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socialgov.channels.models import Audience, ChannelStatus, Purpose
from socialgov.channels.services import channel_register
from socialgov.strategy import selectors, services
from socialgov.strategy.models import UsageType

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _channel(owner, handle: str, status: str = ChannelStatus.ACTIVE):
    return channel_register(
        actor=None,
        platform="instagram",
        handle=handle,
        purpose=Purpose.CUSTOMER_SERVICE,
        audience=Audience.EXTERNAL,
        owner=owner.person,
        status=status,
    )


def _objective(owner, channel):
    return services.objective_create(
        actor=None,
        title="Answer within the hour",
        usage_type=UsageType.CUSTOMER_INTERACTION,
        kpi="Median first response",
        target_value=Decimal("60"),
        period_start=TODAY - dt.timedelta(days=1),
        period_end=TODAY + dt.timedelta(days=100),
        owner=owner.person,
        channel=channel,
    )


def test_a_channel_without_a_current_objective_is_listed_as_a_gap(lead, owner):
    covered = _channel(owner, "mosa_care")
    bare = _channel(owner, "mosa_bare")
    _channel(owner, "mosa_old", status=ChannelStatus.RETIRED)
    _objective(owner, covered)
    assert [c.handle for c in selectors.channels_without_objective(user=lead)] == [bare.handle]


def test_a_retired_channel_gets_no_new_objective(owner):
    retired = _channel(owner, "mosa_gone", status=ChannelStatus.RETIRED)
    with pytest.raises(ValidationError):
        _objective(owner, retired)


def test_the_channel_page_shows_its_objectives_or_the_gap(client, owner):
    channel = _channel(owner, "mosa_page")
    client.force_login(owner)
    page = client.get(reverse("channels:channel-detail", args=[channel.pk]))
    assert b"no objective: governance gap" in page.content
    _objective(owner, channel)
    page = client.get(reverse("channels:channel-detail", args=[channel.pk]))
    assert b"Answer within the hour" in page.content


def test_an_objective_points_at_a_channel_the_user_may_see(api_as, lead, owner, outsider):
    channel = _channel(owner, "mosa_api")
    payload = {
        "title": "Care",
        "usage_type": "customer_interaction",
        "kpi": "Response",
        "target_value": "30",
        "period_start": TODAY.isoformat(),
        "period_end": (TODAY + dt.timedelta(days=30)).isoformat(),
        "owner": owner.person_id,
        "channel": channel.pk,
    }
    created = api_as(lead).post("/api/v1/objectives/", payload, format="json")
    assert created.status_code == 201 and created.json()["channel"] == channel.pk
    listed = api_as(owner).get(f"/api/v1/objectives/?channel={channel.pk}").json()["results"]
    assert [o["id"] for o in listed] == [created.json()["id"]]
    missing = api_as(lead).post("/api/v1/objectives/", {**payload, "channel": 99999}, format="json")
    assert missing.status_code == 400
