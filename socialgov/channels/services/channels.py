"""Writes to the channel register: registering, updating, owners and deputies, orphaning."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.access import may_move_ownership
from socialgov.channels.models import (
    AccessGrant,
    Answer,
    Audience,
    Channel,
    ChannelStatus,
    CredentialCustody,
    GrantStatus,
    Platform,
    Purpose,
)
from socialgov.channels.services.common import (
    clean_choice,
    clean_handle,
    require_active,
)
from socialgov.core import accountability
from socialgov.core.audit import audit_record, diff, snapshot
from socialgov.core.models import OrgUnit, Person, Task, TaskPriority, TaskStatus, User
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send, task_create, task_set_status
from socialgov.core.services.updates import model_update
from socialgov.core.texts import Message

logger = logging.getLogger(__name__)

TASK_ORPHANED = "channel_orphaned"
TASK_LEAVER_GRANT = "leaver_access"

CHANNEL_FIELDS = (
    "platform",
    "handle",
    "url",
    "display_name",
    "purpose",
    "audience",
    "brand",
    "org_unit",
    "reach",
    "verified",
    "status",
    "owner",
    "deputy",
    "started_on",
    "retired_on",
    "description",
    "mfa",
    "credential_custody",
    "recovery_email_owned",
    "recovery_phone_owned",
    "third_party_apps",
    "admin_count",
    "review_every_days",
    "last_reviewed_on",
)
# What channel_update may change; owner, deputy and orphaning have their own services.
UPDATABLE_FIELDS = frozenset(CHANNEL_FIELDS) - {"owner", "deputy"}
_CHOICES = {
    "platform": Platform,
    "purpose": Purpose,
    "audience": Audience,
    "status": ChannelStatus,
    "mfa": Answer,
    "credential_custody": CredentialCustody,
    "recovery_email_owned": Answer,
    "recovery_phone_owned": Answer,
}


def _check_choices(values: dict[str, Any]) -> None:
    for name, choices in _CHOICES.items():
        if name in values:
            clean_choice(values[name], choices, name)


def _check_unique(channel: Channel) -> None:
    clash = Channel.objects.filter(platform=channel.platform, handle=channel.handle)
    if channel.pk is not None:
        clash = clash.exclude(pk=channel.pk)
    if clash.exists():
        raise ValidationError(
            {
                "handle": _("%(platform)s account “%(handle)s” is already in the register.")
                % {"platform": channel.get_platform_display(), "handle": channel.handle}
            }
        )


def _check_dates(channel: Channel) -> None:
    today = timezone.localdate()
    if channel.last_reviewed_on is not None and channel.last_reviewed_on > today:
        raise ValidationError({"last_reviewed_on": _("A review date cannot be in the future.")})
    if channel.started_on and channel.retired_on and channel.retired_on < channel.started_on:
        raise ValidationError({"retired_on": _("A channel cannot retire before it started.")})


def _check_people(channel: Channel) -> None:
    if channel.owner_id is None:
        raise ValidationError({"owner": _("A channel needs exactly one accountable owner.")})
    if channel.deputy_id is not None and channel.deputy_id == channel.owner_id:
        raise ValidationError({"deputy": _("The deputy cannot be the owner.")})


@transaction.atomic
def channel_register(
    *,
    actor: User | None,
    platform: str,
    handle: str,
    purpose: str,
    audience: str,
    owner: Person | None,
    url: str = "",
    display_name: str = "",
    brand: str = "",
    org_unit: OrgUnit | None = None,
    deputy: Person | None = None,
    reach: int | None = None,
    verified: bool = False,
    status: str = ChannelStatus.PLANNED,
    started_on: dt.date | None = None,
    description: str = "",
    mfa: str = Answer.UNKNOWN,
    credential_custody: str = CredentialCustody.UNKNOWN,
    recovery_email_owned: str = Answer.UNKNOWN,
    recovery_phone_owned: str = Answer.UNKNOWN,
    third_party_apps: int = 0,
    admin_count: int | None = None,
    review_every_days: int | None = None,
    last_reviewed_on: dt.date | None = None,
) -> Channel:
    """Add a channel with its one accountable owner. Refuses duplicates and foreign URLs."""
    _check_choices(
        {
            "platform": platform,
            "purpose": purpose,
            "audience": audience,
            "status": status,
            "mfa": mfa,
            "credential_custody": credential_custody,
            "recovery_email_owned": recovery_email_owned,
            "recovery_phone_owned": recovery_phone_owned,
        }
    )
    owner = _checked_new_owner(owner, deputy, status)
    normalised, url = clean_handle(platform, handle, url)
    channel = Channel(
        platform=platform,
        handle=normalised,
        url=url,
        display_name=display_name.strip(),
        purpose=purpose,
        audience=audience,
        brand=brand.strip(),
        org_unit=org_unit if org_unit is not None else owner.org_unit,
        owner=owner,
        deputy=deputy,
        reach=reach,
        verified=verified,
        status=status,
        started_on=started_on,
        description=description,
        mfa=mfa,
        credential_custody=credential_custody,
        recovery_email_owned=recovery_email_owned,
        recovery_phone_owned=recovery_phone_owned,
        third_party_apps=third_party_apps,
        admin_count=admin_count,
        review_every_days=review_every_days,
        last_reviewed_on=last_reviewed_on,
    )
    _save_new(channel)
    audit_record(
        actor=actor,
        verb="channel.register",
        target=channel,
        changes=snapshot(channel, CHANNEL_FIELDS),
    )
    _tell_new_owner(actor, channel)
    return channel


def _save_new(channel: Channel) -> None:
    if channel.status == ChannelStatus.ACTIVE and channel.started_on is None:
        channel.started_on = timezone.localdate()
    _check_people(channel)
    _check_dates(channel)
    _check_unique(channel)
    channel.full_clean()
    channel.save()


def _checked_new_owner(owner: Person | None, deputy: Person | None, status: str) -> Person:
    if owner is None:
        raise ValidationError({"owner": _("A channel needs exactly one accountable owner.")})
    if status == ChannelStatus.ORPHANED:
        raise ValidationError(
            {"status": _("A channel becomes orphaned only when its owner leaves.")}
        )
    require_active(owner, "owner")
    require_active(deputy, "deputy")
    return owner


def _tell_new_owner(actor: User | None, channel: Channel) -> None:
    """The new owner hears of it, unless they registered the channel themselves."""
    owner = channel.owner
    if actor is not None and getattr(actor, "person_id", None) == owner.pk:
        return
    notification_send(
        recipient=owner,
        subject=Message("channels.notify.new_owner", {"channel": str(channel)}),
        body=Message("channels.notify.new_owner_body"),
        url=f"/channels/{channel.pk}/",
    )


@transaction.atomic
def channel_update(*, actor: User | None, channel: Channel, **fields: Any) -> Channel:
    """Change the given fields. The owner and deputy change through their own services."""
    _check_choices({name: value for name, value in fields.items() if name in UPDATABLE_FIELDS})
    current = Channel.objects.get(pk=channel.pk).status
    new_status = fields.get("status", current)
    if new_status != current:
        if new_status == ChannelStatus.ORPHANED:
            raise ValidationError(
                {"status": _("A channel becomes orphaned only when its owner leaves.")}
            )
        if current == ChannelStatus.ORPHANED:
            raise ValidationError(
                {"status": _("Set a new owner first; that ends the orphaned status.")}
            )

    def check(channel: Channel) -> None:
        if {"platform", "handle", "url"} & set(fields):
            channel.handle, channel.url = clean_handle(
                channel.platform, channel.handle, channel.url
            )
        if new_status == ChannelStatus.ACTIVE and channel.started_on is None:
            channel.started_on = timezone.localdate()
        if new_status == ChannelStatus.RETIRED and channel.retired_on is None:
            channel.retired_on = timezone.localdate()
        _check_people(channel)
        _check_dates(channel)
        _check_unique(channel)

    channel, _changes = model_update(
        actor=actor,
        instance=channel,
        data=fields,
        fields=UPDATABLE_FIELDS,
        audit_fields=CHANNEL_FIELDS,
        check=check,
    )
    return channel


def _close_tasks(*, actor: User | None, subject: Any, source: str) -> None:
    tasks = Task.objects.filter(
        content_type=ContentType.objects.get_for_model(subject),
        object_id=subject.pk,
        source=source,
        status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS],
    )
    for task in tasks:
        task_set_status(actor=actor, task=task, status=TaskStatus.DONE)


@transaction.atomic
def channel_assign_owner(*, actor: User | None, channel: Channel, owner: Person | None) -> Channel:
    """Hand the channel to a new owner; an orphaned channel returns to its former status."""
    if owner is None:
        raise ValidationError({"owner": _("A channel needs exactly one accountable owner.")})
    require_active(owner, "owner")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.owner_id == owner.pk and channel.status != ChannelStatus.ORPHANED:
        return channel
    before = snapshot(channel, ("owner", "deputy", "status"))
    previous = channel.owner
    channel.owner = owner
    if channel.deputy_id == owner.pk:
        channel.deputy = None  # the deputy stepped up; the channel needs a new deputy
    if channel.status == ChannelStatus.ORPHANED:
        channel.status = channel.status_before_orphaned or ChannelStatus.ACTIVE
        channel.status_before_orphaned = ""
    channel.full_clean()
    channel.save()
    audit_record(
        actor=actor,
        verb="channel.assign_owner",
        target=channel,
        changes=diff(before, snapshot(channel, ("owner", "deputy", "status"))),
    )
    _close_tasks(actor=actor, subject=channel, source=TASK_ORPHANED)
    _tell_new_owner(actor, channel)
    accountability.notify_transfer(
        actor=actor,
        subject=str(channel),
        role="channels.accountable.owner",
        previous=previous,
        new=owner,
        url=f"/channels/{channel.pk}/",
    )
    return channel


@transaction.atomic
def channel_set_deputy(*, actor: User | None, channel: Channel, deputy: Person | None) -> Channel:
    require_active(deputy, "deputy")
    channel = Channel.objects.select_for_update().get(pk=channel.pk)
    if channel.deputy_id == (deputy.pk if deputy else None):
        return channel
    before = channel.deputy_id
    channel.deputy = deputy
    _check_people(channel)
    channel.full_clean()
    channel.save()
    audit_record(
        actor=actor,
        verb="channel.set_deputy",
        target=channel,
        changes={"deputy": [before, deputy.pk if deputy else None]},
    )
    return channel


@transaction.atomic
def channel_hand_over(
    *,
    actor: User | None,
    channel: Channel,
    owner: Person | None,
    deputy: Person | None = None,
    change_deputy: bool = True,
) -> Channel:
    """Set the owner and the deputy together: both change, or neither does. Only the current
    owner, a governance lead in scope or an admin may change either (`may_move_ownership`)."""
    owner_changes = owner is None or owner.pk != channel.owner_id
    deputy_changes = change_deputy and (deputy.pk if deputy else None) != channel.deputy_id
    if (
        actor is not None
        and (owner_changes or deputy_changes)
        and not may_move_ownership(actor, channel)
    ):
        raise PermissionDenied(
            _("Only the owner, a governance lead or an admin may change the owner or deputy.")
        )
    channel = channel_assign_owner(actor=actor, channel=channel, owner=owner)
    if change_deputy:
        channel = channel_set_deputy(actor=actor, channel=channel, deputy=deputy)
    return channel


@transaction.atomic
def channels_handle_leaver(*, actor: User | None, person: Person) -> list[Channel]:
    """Someone left: orphan the channels they owned (a task to the governance lead for each),
    drop them as deputy, and flag every access grant they still hold."""
    leads = governance_leads()
    orphaned: list[Channel] = []
    owned = Channel.objects.select_for_update().filter(owner=person)
    for channel in owned.exclude(status__in=[ChannelStatus.ORPHANED, ChannelStatus.RETIRED]):
        channel.status_before_orphaned = channel.status
        channel.status = ChannelStatus.ORPHANED
        channel.save(update_fields=["status", "status_before_orphaned", "updated_at"])
        audit_record(
            actor=actor,
            verb="channel.orphan",
            target=channel,
            changes={"status": [channel.status_before_orphaned, ChannelStatus.ORPHANED]},
        )
        orphaned.append(channel)
        if not leads:
            logger.warning("channel %s is orphaned and nobody leads governance", channel.pk)
            continue
        task_create(
            actor=actor,
            title=Message("channels.task.find_owner", {"channel": str(channel)}),
            description=Message("channels.task.find_owner_body", {"person": str(person)}),
            owner=leads[0],
            priority=TaskPriority.HIGH,
            due_date=timezone.localdate() + dt.timedelta(days=7),
            source=TASK_ORPHANED,
            subject=channel,
        )
    for channel in (
        Channel.objects.select_for_update().select_related("owner").filter(deputy=person)
    ):
        channel.deputy = None
        channel.save(update_fields=["deputy", "updated_at"])
        audit_record(
            actor=actor,
            verb="channel.set_deputy",
            target=channel,
            changes={"deputy": [person.pk, None], "reason": "deputy left"},
        )
        if channel.owner.is_active:
            notification_send(
                recipient=channel.owner,
                subject=Message("channels.notify.deputy_left", {"channel": str(channel)}),
                body=Message("channels.notify.deputy_left_body", {"person": str(person)}),
                url=f"/channels/{channel.pk}/owner/",
            )
    grants = AccessGrant.objects.select_related("channel__owner").filter(
        person=person, status=GrantStatus.ACTIVE, leaver_flagged_at__isnull=True
    )
    for grant in grants:
        access_grant_flag_leaver(actor=actor, grant=grant, leads=leads)
    return orphaned


def access_grant_flag_leaver(
    *, actor: User | None, grant: AccessGrant, leads: list[Person]
) -> None:
    """A leaver still holds access: flag the grant and give its removal to whoever answers."""
    grant.leaver_flagged_at = timezone.now()
    grant.save(update_fields=["leaver_flagged_at", "updated_at"])
    audit_record(
        actor=actor,
        verb="access_grant.flag_leaver",
        target=grant,
        changes={"person": grant.person_id, "channel": grant.channel_id},
    )
    channel = grant.channel
    responsible = channel.owner if channel.owner.is_active else (leads[0] if leads else None)
    if responsible is None:
        return
    task_create(
        actor=actor,
        title=Message(
            "channels.task.leaver_grant", {"person": str(grant.person), "channel": str(channel)}
        ),
        description=Message(
            "channels.task.leaver_grant_body",
            {"person": str(grant.person), "role": Message(f"channels.role.{grant.role}")},
        ),
        owner=responsible,
        priority=TaskPriority.URGENT,
        due_date=timezone.localdate(),
        source=TASK_LEAVER_GRANT,
        subject=grant,
    )
