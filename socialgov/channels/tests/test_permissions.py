"""Each role's view of the register and of the linked-account register."""

from __future__ import annotations

import pytest

from socialgov.channels import selectors
from socialgov.channels.models import Channel, ChannelStatus, LinkedAccount
from socialgov.channels.services import access_grant_add, linked_account_declare
from socialgov.core import permissions
from socialgov.core.models import Role, User
from socialgov.core.services import role_assign

pytestmark = pytest.mark.django_db


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


@pytest.mark.parametrize("reader", ["lead", "auditor", "analyst", "admin_user"])
def test_org_wide_readers_see_every_channel(
    request, reader: str, channel: Channel, other_channel: Channel
) -> None:
    user = request.getfixturevalue(reader)
    assert _ids(selectors.channel_list(user=user)) == {channel.pk, other_channel.pk}


def test_a_channel_owner_sees_and_changes_only_their_own_channels(
    owner: User, channel: Channel, other_channel: Channel
) -> None:
    assert _ids(selectors.channel_list(user=owner)) == {channel.pk}
    assert permissions.can_change(owner, channel)
    assert not permissions.can_change(owner, other_channel)


def test_the_deputy_sees_and_changes_the_channel(teammate: User, make_channel, owner: User) -> None:
    channel = make_channel(owner.person, deputy=teammate.person)
    assert _ids(selectors.channel_list(user=teammate)) == {channel.pk}
    assert permissions.can_change(teammate, channel)


def test_an_object_scoped_channel_owner_role_gives_that_one_channel(
    teammate: User, channel: Channel, other_channel: Channel
) -> None:
    role_assign(actor=None, user=teammate, role=Role.CHANNEL_OWNER, scope_object=channel)
    assert _ids(selectors.channel_list(user=teammate)) == {channel.pk}
    assert permissions.can_change(teammate, channel)
    assert not permissions.can_change(teammate, other_channel)


def test_the_auditor_reads_everything_and_never_writes(auditor: User, channel: Channel) -> None:
    assert permissions.can_view(auditor, channel)
    assert not permissions.can_change(auditor, channel)
    assert not permissions.can_create(auditor, Channel)


def test_an_analyst_reads_but_does_not_change_channels(analyst: User, channel: Channel) -> None:
    assert permissions.can_view(analyst, channel)
    assert not permissions.can_change(analyst, channel)


def test_an_employee_sees_only_the_public_directory(
    outsider: User, teammate: User, channel: Channel, make_channel, owner: User
) -> None:
    planned = make_channel(owner.person, status=ChannelStatus.PLANNED)
    assert not selectors.channel_list(user=teammate).exists()
    directory = _ids(selectors.channel_directory(user=teammate))
    assert channel.pk in directory
    assert planned.pk not in directory  # not public yet
    assert not permissions.can_create(teammate, Channel)


def test_grants_follow_the_channel(
    owner: User, outsider: User, lead: User, channel: Channel, teammate: User
) -> None:
    grant = access_grant_add(actor=owner, channel=channel, role="editor", person=teammate.person)
    assert _ids(selectors.grant_list(user=owner)) == {grant.pk}
    assert _ids(selectors.grant_list(user=lead)) == {grant.pk}
    assert not selectors.grant_list(user=outsider).exists()
    assert not selectors.grant_list(user=teammate).exists()  # holding access is not seeing it


def _declare(user: User) -> LinkedAccount:
    assert user.person is not None
    return linked_account_declare(
        actor=user,
        person=user.person,
        platform="linkedin",
        handle=f"in/{user.username}",
        relation="mentions_employer",
        consent_given=False,
    )


def test_linked_accounts_are_seen_by_their_declarer_and_the_governance_lead_only(
    teammate: User,
    outsider: User,
    owner: User,
    lead: User,
    auditor: User,
    analyst: User,
    admin_user: User,
) -> None:
    mine = _declare(teammate)
    theirs = _declare(outsider)
    assert _ids(selectors.linked_account_list(user=teammate)) == {mine.pk}
    assert _ids(selectors.linked_account_list(user=lead)) == {mine.pk, theirs.pk}
    for nobody_else in (owner, auditor, analyst, admin_user):
        assert not selectors.linked_account_list(user=nobody_else).exists()
    assert permissions.can_change(teammate, mine)
    assert not permissions.can_change(lead, mine)  # the lead sees but does not withdraw


def test_nobody_declares_an_account_for_someone_else(teammate: User, lead: User) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        linked_account_declare(
            actor=lead,
            person=teammate.person,  # type: ignore[arg-type]
            platform="x",
            handle="someone",
            relation="other",
            consent_given=True,
        )
    assert not LinkedAccount.objects.exists()


def test_a_governance_lead_over_one_unit_sees_and_changes_that_units_channels(
    comms, sales, channel: Channel, other_channel: Channel
) -> None:
    from socialgov.core.tests.factories import PersonFactory, UserFactory

    unit_lead: User = UserFactory(person=PersonFactory(org_unit=sales))  # type: ignore[assignment]
    role_assign(actor=None, user=unit_lead, role=Role.GOVERNANCE_LEAD, org_unit=sales)
    assert _ids(selectors.channel_list(user=unit_lead)) == {other_channel.pk}
    assert permissions.can_change(unit_lead, other_channel)
    assert not permissions.can_change(unit_lead, channel)
