"""The register: one accountable owner per channel, unique normalised handles, clear refusals."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from socialgov.channels.models import Channel, ChannelStatus
from socialgov.channels.services import (
    channel_assign_owner,
    channel_register,
    channel_set_deputy,
    channel_update,
)
from socialgov.core.models import AuditEvent, User
from socialgov.core.services import person_deactivate

pytestmark = pytest.mark.django_db


def _register(owner, **overrides):
    values = {
        "platform": "x",
        "handle": "@Mosa_BE",
        "purpose": "customer_service",
        "audience": "external",
        "owner": owner,
    }
    values.update(overrides)
    return channel_register(actor=None, **values)


def test_it_registers_a_channel_with_its_owner_and_audits_it(owner: User) -> None:
    channel = _register(owner.person, url="https://x.com/Mosa_BE")
    assert channel.handle == "mosa_be"
    assert channel.owner == owner.person
    assert channel.org_unit == owner.person.org_unit  # type: ignore[union-attr]
    event = AuditEvent.objects.get(verb="channel.register")
    assert event.target_id == str(channel.pk)
    assert event.changes["owner"] == owner.person.pk  # type: ignore[union-attr]


def test_it_rejects_a_channel_without_owner(owner: User) -> None:
    with pytest.raises(ValidationError) as error:
        _register(None)
    assert "owner" in error.value.message_dict
    assert not Channel.objects.exists()
    assert not AuditEvent.objects.filter(verb="channel.register").exists()


def test_the_database_refuses_a_channel_without_owner(owner: User) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.create(
            platform="x", handle="nobody", purpose="marketing", audience="external"
        )


def test_the_database_refuses_a_deputy_who_is_the_owner(owner: User) -> None:
    channel = _register(owner.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(deputy=owner.person)


def test_it_rejects_a_duplicate_handle_in_any_spelling(owner: User) -> None:
    _register(owner.person)
    with pytest.raises(ValidationError) as error:
        _register(owner.person, handle="https://twitter.com/mosa_be")
    assert "already in the register" in error.value.message_dict["handle"][0]
    assert Channel.objects.count() == 1


def test_the_same_handle_may_exist_on_another_platform(owner: User) -> None:
    _register(owner.person)
    other = _register(owner.person, platform="instagram", handle="mosa_be")
    assert other.handle == "mosa_be"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("platform", {"platform": "myspace"}),
        ("purpose", {"purpose": "gossip"}),
        ("audience", {"audience": "everyone"}),
        ("url", {"url": "https://facebook.com/mosa_be"}),
        ("handle", {"handle": "not a handle!"}),
        ("status", {"status": "orphaned"}),
    ],
)
def test_it_rejects_bad_input_with_a_message_and_writes_nothing(
    owner: User, field: str, overrides: dict[str, str]
) -> None:
    with pytest.raises(ValidationError) as error:
        _register(owner.person, **overrides)
    assert field in error.value.message_dict
    assert not Channel.objects.exists()


def test_it_rejects_an_owner_who_has_left(owner: User) -> None:
    person_deactivate(actor=None, person=owner.person)  # type: ignore[arg-type]
    owner.person.refresh_from_db()  # type: ignore[union-attr]
    with pytest.raises(ValidationError) as error:
        _register(owner.person)
    assert "owner" in error.value.message_dict


def test_a_deputy_cannot_be_the_owner(owner: User) -> None:
    with pytest.raises(ValidationError):
        _register(owner.person, deputy=owner.person)
    channel = _register(owner.person)
    with pytest.raises(ValidationError):
        channel_set_deputy(actor=None, channel=channel, deputy=owner.person)


def test_handing_over_to_the_deputy_clears_the_deputy(owner: User, teammate: User) -> None:
    channel = _register(owner.person, deputy=teammate.person)
    channel = channel_assign_owner(actor=None, channel=channel, owner=teammate.person)
    assert channel.owner == teammate.person
    assert channel.deputy is None
    assert AuditEvent.objects.filter(verb="channel.assign_owner").exists()


def test_the_owner_cannot_be_removed_by_an_update(owner: User) -> None:
    channel = _register(owner.person)
    with pytest.raises(ValueError, match="not changed here"):
        channel_update(actor=None, channel=channel, owner=None)
    with pytest.raises(ValidationError):
        channel_assign_owner(actor=None, channel=channel, owner=None)


def test_an_update_renormalises_the_handle_and_records_the_difference(owner: User) -> None:
    channel = _register(owner.person)
    channel = channel_update(actor=None, channel=channel, handle="@MOSA_Help", reach=1200)
    assert channel.handle == "mosa_help"
    event = AuditEvent.objects.filter(verb="channel.update").get()
    assert event.changes["handle"] == ["mosa_be", "mosa_help"]
    assert event.changes["reach"] == [None, 1200]


def test_an_update_that_fails_changes_nothing(owner: User) -> None:
    channel = _register(owner.person)
    _register(owner.person, handle="mosa_help")
    with pytest.raises(ValidationError):
        channel_update(actor=None, channel=channel, handle="mosa_help", reach=5)
    channel.refresh_from_db()
    assert (channel.handle, channel.reach) == ("mosa_be", None)


def test_retiring_a_channel_records_the_date(owner: User) -> None:
    channel = _register(owner.person, status=ChannelStatus.ACTIVE)
    assert channel.started_on is not None
    channel = channel_update(actor=None, channel=channel, status=ChannelStatus.RETIRED)
    assert channel.retired_on is not None
    assert channel.next_review_due is None


def test_refusals_are_worded_in_the_readers_language(owner: User) -> None:
    from django.utils import translation

    with translation.override("nl"), pytest.raises(ValidationError) as error:
        _register(owner.person, url="https://facebook.com/mosa_be")
    assert "is geen adres van dit platform" in error.value.message_dict["url"][0]


def test_it_rejects_a_review_date_in_the_future(owner: User) -> None:
    import datetime as dt

    from django.utils import timezone

    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _register(owner.person, last_reviewed_on=tomorrow)
    assert "last_reviewed_on" in error.value.message_dict


@pytest.mark.parametrize(
    "values",
    [
        {"platform": "myspace"},
        {"purpose": "gossip"},
        {"status": "lost"},
        {"handle": ""},
        {"mfa": "maybe"},
    ],
)
def test_the_database_refuses_values_outside_the_vocabularies(owner: User, values) -> None:
    channel = _register(owner.person)
    with pytest.raises(IntegrityError), transaction.atomic():
        Channel.objects.filter(pk=channel.pk).update(**values)


def test_a_hand_over_with_a_bad_deputy_changes_neither_owner_nor_deputy(
    owner: User, teammate: User, outsider: User
) -> None:
    from socialgov.channels.services import channel_hand_over

    channel = _register(owner.person, deputy=outsider.person)
    with pytest.raises(ValidationError):
        channel_hand_over(
            actor=None, channel=channel, owner=teammate.person, deputy=teammate.person
        )
    channel.refresh_from_db()
    assert (channel.owner, channel.deputy) == (owner.person, outsider.person)
