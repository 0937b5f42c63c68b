"""Linked private accounts and discovered lookalike accounts at the service level."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from socialgov.channels.models import Channel, DiscoveredAccount, LinkedAccount, Triage
from socialgov.channels.services import (
    discovered_account_record,
    discovered_account_triage,
    impersonation_reported,
    linked_account_declare,
    linked_account_withdraw,
)
from socialgov.channels.services.accounts import TASK_IMPERSONATION
from socialgov.core.models import AuditEvent, Task, User

pytestmark = pytest.mark.django_db


def _declare(user: User, **overrides):
    values: dict[str, Any] = {
        "platform": "x",
        "handle": "@Me_Myself",
        "relation": "spokesperson",
        "consent_given": False,
    }
    values.update(overrides)
    assert user.person is not None
    return linked_account_declare(actor=user, person=user.person, **values)


def test_a_declaration_watches_only_for_impersonation_by_default(teammate: User) -> None:
    account = _declare(teammate)
    assert account.watch == "impersonation"
    assert account.handle == "me_myself"
    assert account.consent_at is None


def test_watching_public_posts_needs_recorded_consent(teammate: User) -> None:
    with pytest.raises(ValidationError) as error:
        _declare(teammate, watch="public_mentions")
    assert "consent_given" in error.value.message_dict
    account = _declare(teammate, watch="public_mentions", consent_given=True)
    assert account.consent_at is not None


def test_the_same_account_is_declared_once_but_again_after_withdrawal(teammate: User) -> None:
    account = _declare(teammate)
    with pytest.raises(ValidationError):
        _declare(teammate, handle="https://x.com/me_myself")
    linked_account_withdraw(actor=teammate, account=account)
    assert _declare(teammate).pk != account.pk
    assert LinkedAccount.objects.count() == 2
    assert AuditEvent.objects.filter(verb="linked_account.withdraw").count() == 1


def test_a_discovered_account_that_is_ours_already_is_refused(
    analyst: User, channel: Channel
) -> None:
    with pytest.raises(ValidationError) as error:
        discovered_account_record(actor=analyst, platform="instagram", handle="@MOSA_OWNED")
    assert "handle" in error.value.message_dict
    assert not DiscoveredAccount.objects.exists()


def test_an_impersonation_becomes_a_task_for_the_owner_and_a_signal_for_incidents(
    analyst: User, owner: User, channel: Channel
) -> None:
    account = discovered_account_record(
        actor=analyst, platform="instagram", handle="mosa_owned_", similarity=0.93,
        resembles=channel, evidence="same avatar",
    )  # fmt: skip
    heard = []

    def listener(sender, account, actor, **kwargs):
        heard.append((account.pk, actor))

    impersonation_reported.connect(listener)
    try:
        discovered_account_triage(actor=analyst, account=account, triage=Triage.IMPERSONATION)
    finally:
        impersonation_reported.disconnect(listener)
    assert heard == [(account.pk, analyst)]
    task = Task.objects.get(source=TASK_IMPERSONATION)
    assert task.owner == owner.person
    with pytest.raises(ValidationError):
        discovered_account_triage(actor=analyst, account=account, triage=Triage.IGNORED)


def test_registering_a_discovered_account_links_it_to_the_new_channel(
    lead: User, owner: User
) -> None:
    account = discovered_account_record(actor=lead, platform="tiktok", handle="@Mosa.Jobs")
    account = discovered_account_triage(
        actor=lead,
        account=account,
        triage=Triage.OURS,
        owner=owner.person,
        purpose="recruitment",
        audience="external",
    )
    assert account.registered_as is not None
    assert account.registered_as.handle == "mosa.jobs"
    assert account.registered_as.owner == owner.person


def test_a_failed_registration_leaves_the_account_untriaged(lead: User, owner: User) -> None:
    account = discovered_account_record(actor=lead, platform="tiktok", handle="mosa.jobs")
    with pytest.raises(ValidationError):
        discovered_account_triage(
            actor=lead, account=account, triage=Triage.OURS, owner=owner.person,
            purpose="nonsense", audience="external",
        )  # fmt: skip
    account.refresh_from_db()
    assert account.triage == Triage.NEW
    assert not Channel.objects.exists()
