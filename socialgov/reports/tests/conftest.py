"""Fixtures of the report tests: the shipped library, a channel for the owner and one for
another person, a risk on the owner's channel and activity rollups on both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.library.importer import library_load
from socialgov.reports.models import ChannelActivity, Granularity
from socialgov.reports.rollups import organisation_totals_refresh
from socialgov.risks import services as risk_services
from socialgov.risks.models import ChannelRisk

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _static_files_without_collectstatic(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def library(db: None) -> None:
    library_load(paths=[Path(settings.LIBRARY_DIR)])


def channel_for(user: User, handle: str) -> Channel:
    assert user.person is not None
    return Channel.objects.create(
        platform="facebook",
        handle=handle,
        purpose="customer_service",
        audience="external",
        status="active",
        owner=user.person,
        org_unit=user.person.org_unit,
    )


@pytest.fixture
def owned_channel(owner: User, library: None) -> Channel:
    return channel_for(owner, "mosa_care")


@pytest.fixture
def other_channel(outsider: User, library: None) -> Channel:
    return channel_for(outsider, "mosa_sales")


@pytest.fixture
def risk(owned_channel: Channel, lead: User) -> ChannelRisk:
    return risk_services.channel_risk_create(
        actor=lead,
        channel=owned_channel,
        title="Hijacked account posts scams",
        inherent_likelihood=4,
        inherent_impact=4,
    )


def activity(channel: Channel, day: dt.date, mentions: int, negative: int = 0) -> None:
    """A day of activity on `channel`, with the organisation's totals kept in step."""
    moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    ChannelActivity.objects.create(
        channel=channel,
        granularity=Granularity.DAY,
        bucket_start=moment,
        posts=mentions + 1,
        mentions=mentions,
        negative=negative,
    )
    organisation_totals_refresh(granularity=Granularity.DAY, moments={moment})
