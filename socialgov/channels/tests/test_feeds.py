from __future__ import annotations

import pytest

from socialgov.channels.feeds import channels_to_watch, linked_accounts_to_watch
from socialgov.channels.models import ChannelStatus
from socialgov.channels.services import linked_account_declare, linked_account_withdraw
from socialgov.core.models import User

pytestmark = pytest.mark.django_db


def test_monitoring_watches_channels_in_use_with_their_owner(
    owner: User, make_channel, channel
) -> None:
    make_channel(owner.person, status=ChannelStatus.PLANNED)
    make_channel(owner.person, status=ChannelStatus.RETIRED)
    watched = channels_to_watch()
    assert [(w.channel_id, w.owner_id) for w in watched] == [(channel.pk, owner.person_id)]


def test_monitoring_reads_a_private_account_only_with_consent_and_until_withdrawn(
    teammate: User, outsider: User
) -> None:
    assert teammate.person is not None and outsider.person is not None
    guarded = linked_account_declare(
        actor=teammate, person=teammate.person, platform="x", handle="guarded",
        relation="executive", consent_given=False,
    )  # fmt: skip
    linked_account_declare(
        actor=outsider, person=outsider.person, platform="x", handle="open_book",
        relation="spokesperson", consent_given=True, watch="public_mentions",
    )  # fmt: skip
    watched = {w.handle: w.read_public_posts for w in linked_accounts_to_watch()}
    assert watched == {"guarded": False, "open_book": True}
    linked_account_withdraw(actor=teammate, account=guarded)
    assert [w.handle for w in linked_accounts_to_watch()] == ["open_book"]
