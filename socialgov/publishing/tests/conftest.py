"""Publishing fixtures: a Dutch Mastodon channel owned by `owner`, a community manager
`cm` scoped to it, and `cm_elsewhere` who drafts for another channel only."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from socialgov.channels.models import Audience, Channel, ChannelStatus, Purpose
from socialgov.channels.services import channel_register
from socialgov.core.models import OrgUnit, Role, RoleAssignment, ScopeType, User
from socialgov.core.tests.factories import PersonFactory, UserFactory
from socialgov.publishing.models import PublishingPolicy


def _channel(owner: User, handle: str) -> Channel:
    assert owner.person is not None
    return channel_register(
        actor=None,
        owner=owner.person,
        platform="mastodon",
        handle=handle,
        purpose=Purpose.CUSTOMER_SERVICE,
        audience=Audience.EXTERNAL,
        status=ChannelStatus.ACTIVE,
    )


def _community_manager(username: str, unit: OrgUnit, channel: Channel) -> User:
    user: User = UserFactory(username=username, person=PersonFactory(org_unit=unit))  # type: ignore[assignment]
    RoleAssignment.objects.create(
        user=user,
        role=Role.COMMUNITY_MANAGER,
        scope_type=ScopeType.OBJECT,
        content_type=ContentType.objects.get_for_model(Channel),
        object_id=channel.pk,
    )
    return user


@pytest.fixture
def channel(owner: User) -> Channel:
    channel = _channel(owner, "mosa@mastodon.example")
    PublishingPolicy.objects.create(channel=channel, language="nl", max_length=500)
    return channel


@pytest.fixture
def other_channel(outsider: User) -> Channel:
    return _channel(outsider, "elsewhere@mastodon.example")


@pytest.fixture
def cm(comms: OrgUnit, channel: Channel) -> User:
    return _community_manager("cm", comms, channel)


@pytest.fixture
def cm_elsewhere(sales: OrgUnit, other_channel: Channel) -> User:
    return _community_manager("cm_elsewhere", sales, other_channel)
