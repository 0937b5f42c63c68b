"""Fixtures of the channel register tests: a channel owned by `owner`, a frozen clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from socialgov.channels.models import Audience, Channel, ChannelStatus, Purpose
from socialgov.channels.services import channel_register
from socialgov.core.models import Person, User

_counter = {"n": 0}


@pytest.fixture
def make_channel() -> Callable[..., Channel]:
    """Register a channel through the service; every keyword overrides a default."""

    def make(owner: Person, **overrides: Any) -> Channel:
        _counter["n"] += 1
        values: dict[str, Any] = {
            "platform": "instagram",
            "handle": f"mosa_test_{_counter['n']}",
            "purpose": Purpose.MARKETING,
            "audience": Audience.EXTERNAL,
            "status": ChannelStatus.ACTIVE,
        }
        values.update(overrides)
        return channel_register(actor=None, owner=owner, **values)

    return make


@pytest.fixture
def channel(owner: User, make_channel: Callable[..., Channel]) -> Channel:
    assert owner.person is not None
    return make_channel(owner.person, handle="mosa_owned", display_name="Mosa owned")


@pytest.fixture
def other_channel(outsider: User, make_channel: Callable[..., Channel]) -> Channel:
    assert outsider.person is not None
    return make_channel(outsider.person, handle="mosa_elsewhere", display_name="Elsewhere")


class FrozenClock:
    """Sets what `django.utils.timezone.now()` returns (and so `localdate()`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: dt.datetime) -> None:
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set_date(self, day: dt.date) -> None:
        self.now = dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)

    def advance(self, days: int) -> dt.date:
        self.now += dt.timedelta(days=days)
        return timezone.localdate()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    return FrozenClock(monkeypatch, dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
