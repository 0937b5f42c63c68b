"""When an owner leaves, their channels are orphaned until someone else answers for them."""

from __future__ import annotations

import io

import pytest
from django.contrib.contenttypes.models import ContentType

from socialgov.channels.models import Channel, ChannelStatus, GrantStatus
from socialgov.channels.services import access_grant_add, channel_assign_owner
from socialgov.channels.services.channels import TASK_LEAVER_GRANT, TASK_ORPHANED
from socialgov.core.models import AuditEvent, Person, Task, TaskStatus, User
from socialgov.core.people_import import people_import
from socialgov.core.services import person_deactivate
from socialgov.core.tabular import read_table
from socialgov.web.dashboard import cards_for

pytestmark = pytest.mark.django_db


def _hr_file_without(missing: Person) -> io.BytesIO:
    lines = ["employee_id,first_name,last_name,email"]
    for person in Person.objects.exclude(pk=missing.pk):
        lines.append(f"{person.employee_id},{person.first_name},{person.last_name},{person.email}")
    return io.BytesIO("\n".join(lines).encode())


def test_an_owner_missing_from_the_hr_import_orphans_their_channels(
    owner: User, lead: User, channel: Channel
) -> None:
    rows = read_table(_hr_file_without(owner.person), name="hr.csv")  # type: ignore[arg-type]
    report = people_import(actor=lead, rows=rows, deactivate_missing=True)
    assert report.deactivated == 1
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.ORPHANED
    assert channel.owner == owner.person  # the last person who answered is kept
    task = Task.objects.get(source=TASK_ORPHANED)
    assert task.owner == lead.person
    assert task.object_id == channel.pk
    assert task.content_type == ContentType.objects.get_for_model(Channel)
    assert AuditEvent.objects.filter(verb="channel.orphan", target_id=str(channel.pk)).exists()


def test_the_dashboard_shows_orphaned_channels_until_a_new_owner_is_set(
    owner: User, teammate: User, lead: User, channel: Channel
) -> None:
    person_deactivate(actor=lead, person=owner.person)  # type: ignore[arg-type]
    card = next(c for c in cards_for(lead) if str(c.title) == "Orphaned channels")
    assert (card.value, card.tone) == (1, "warning")

    channel_assign_owner(actor=lead, channel=channel, owner=teammate.person)
    channel.refresh_from_db()
    assert channel.status == ChannelStatus.ACTIVE  # back to what it was
    card = next(c for c in cards_for(lead) if str(c.title) == "Orphaned channels")
    assert card.value == 0
    assert Task.objects.get(source=TASK_ORPHANED).status == TaskStatus.DONE


def test_retired_channels_are_not_orphaned(
    owner: User, lead: User, make_channel, channel: Channel
) -> None:
    retired = make_channel(owner.person, status=ChannelStatus.RETIRED)
    person_deactivate(actor=lead, person=owner.person)  # type: ignore[arg-type]
    retired.refresh_from_db()
    assert retired.status == ChannelStatus.RETIRED
    assert Task.objects.filter(source=TASK_ORPHANED).count() == 1


def test_a_leaving_deputy_is_dropped_from_the_channel(
    owner: User, teammate: User, lead: User, make_channel
) -> None:
    channel = make_channel(owner.person, deputy=teammate.person)
    person_deactivate(actor=lead, person=teammate.person)  # type: ignore[arg-type]
    channel.refresh_from_db()
    assert channel.deputy is None
    assert channel.status == ChannelStatus.ACTIVE
    from socialgov.core.models import Notification

    assert Notification.objects.filter(
        recipient=owner.person, subject__contains="needs a new deputy"
    ).exists()


def test_a_leaver_who_still_holds_a_grant_is_flagged_at_once(
    owner: User, teammate: User, lead: User, channel: Channel
) -> None:
    grant = access_grant_add(actor=owner, channel=channel, role="editor", person=teammate.person)
    person_deactivate(actor=lead, person=teammate.person)  # type: ignore[arg-type]
    grant.refresh_from_db()
    assert grant.leaver_flagged_at is not None
    assert grant.status == GrantStatus.ACTIVE  # still on the platform until someone removes it
    task = Task.objects.get(source=TASK_LEAVER_GRANT)
    assert task.owner == owner.person
    assert task.priority == "urgent"
    card = next(c for c in cards_for(owner) if str(c.title) == "Leavers still holding access")
    assert card.value == 1


def test_a_channel_whose_owner_left_cannot_be_activated_until_someone_owns_it(
    owner: User, teammate: User, lead: User, make_channel
) -> None:
    from django.core.exceptions import ValidationError

    from socialgov.channels.services import channel_update

    planned = make_channel(owner.person, status=ChannelStatus.PLANNED)
    person_deactivate(actor=lead, person=owner.person)  # type: ignore[arg-type]
    planned.refresh_from_db()
    assert planned.status == ChannelStatus.ORPHANED
    with pytest.raises(ValidationError):
        channel_update(actor=lead, channel=planned, status=ChannelStatus.ACTIVE)
    channel_assign_owner(actor=lead, channel=planned, owner=teammate.person)
    planned.refresh_from_db()
    assert planned.status == ChannelStatus.PLANNED
    channel_update(actor=lead, channel=planned, status=ChannelStatus.ACTIVE)
