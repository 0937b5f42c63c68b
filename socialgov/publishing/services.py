"""Writes on drafts: each step checks who may take it, runs the pre-publication checks,
records an audit event in the same transaction and notifies on commit."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, User
from socialgov.core.services.notifications import notification_send
from socialgov.core.texts import Message
from socialgov.engine.sources.publishing import max_media_for
from socialgov.publishing import access
from socialgov.publishing.checks import Check, run_checks
from socialgov.publishing.media import image_check
from socialgov.publishing.models import Approval, Draft, DraftMedia, DraftState, PublishingPolicy

EDITABLE = {DraftState.DRAFT, DraftState.IN_REVIEW, DraftState.APPROVED, DraftState.SCHEDULED}
REVIEWED = {DraftState.APPROVED, DraftState.SCHEDULED}


def channel_policy(channel: Channel) -> PublishingPolicy:
    """The channel's publishing policy, or the default one (English, the owner approves)."""
    try:
        return channel.publishing
    except PublishingPolicy.DoesNotExist:
        return PublishingPolicy(channel=channel, language="en")


@transaction.atomic
def publishing_policy_set(
    *,
    actor: User,
    channel: Channel,
    language: str,
    approvals_required: int = 1,
    approver_roles: list[str] | None = None,
    owner_must_approve: bool = True,
    max_length: int = 500,
) -> PublishingPolicy:
    policy, _created = PublishingPolicy.objects.get_or_create(
        channel=channel, defaults={"language": language}
    )
    policy.language = language
    policy.approvals_required = approvals_required
    policy.approver_roles = list(approver_roles or [])
    policy.owner_must_approve = owner_must_approve
    policy.max_length = max_length
    policy.full_clean()
    policy.save()
    audit_record(
        actor=actor,
        verb="publishing_policy.set",
        target=policy,
        changes={"language": language, "approvals_required": approvals_required},
    )
    return policy


def draft_checks(draft: Draft) -> list[Check]:
    policy = channel_policy(draft.channel)
    return run_checks(
        text=draft.text,
        language=draft.language,
        channel_language=policy.language,
        channel_handle=draft.channel.handle,
        max_length=policy.max_length,
        policy_rules=policy.policy_rules,
        media_count=draft.media.count() if draft.pk else 0,
        max_media=max_media_for(draft.channel.platform),
    )


def stored_checks(draft: Draft) -> list[Check]:
    return [Check.from_dict(item) for item in draft.findings]


def blocking_checks(draft: Draft) -> list[Check]:
    return [check for check in stored_checks(draft) if check.blocks]


def _recheck(draft: Draft) -> None:
    draft.findings = [check.to_dict() for check in draft_checks(draft)]


def _tell(person: Person | None, subject: Message, draft: Draft) -> None:
    if person is not None:
        notification_send(
            recipient=person, subject=subject, body=draft.text[:500], url=f"/publishing/{draft.pk}/"
        )


def _author_person(draft: Draft) -> Person | None:
    return getattr(draft.author, "person", None)


@transaction.atomic
def draft_create(
    *,
    actor: User,
    channel: Channel,
    text: str,
    language: str,
    scheduled_at: dt.datetime | None = None,
    reply_to_external_id: str = "",
) -> Draft:
    if not access.draftable_channels(actor).filter(pk=channel.pk).exists():
        raise PermissionDenied(_("You cannot draft for this channel."))
    draft = Draft(
        channel=channel,
        author=actor,
        text=text.strip(),
        language=language,
        scheduled_at=scheduled_at,
        reply_to_external_id=reply_to_external_id.strip(),
    )
    draft.full_clean(exclude=["findings"])
    _recheck(draft)
    draft.save()
    audit_record(
        actor=actor,
        verb="draft.create",
        target=draft,
        changes={"channel": channel.pk, "findings": len(draft.findings)},
    )
    return draft


def _edited(draft: Draft) -> None:
    """A new revision: earlier approvals and overrides no longer count."""
    draft.revision += 1
    draft.override_reason, draft.overridden_by = "", None
    if draft.state in REVIEWED:
        draft.state = DraftState.IN_REVIEW


@transaction.atomic
def drafts_create(
    *,
    actor: User,
    channels: list[Channel],
    text: str,
    language: str,
    scheduled_at: dt.datetime | None = None,
    reply_to_external_id: str = "",
    image: UploadedFile[bytes] | None = None,
) -> list[Draft]:
    """One draft per channel (each is checked and approved under its own channel's policy)."""
    if not channels:
        raise ValidationError({"channels": _("Choose at least one channel.")})
    drafts = []
    for channel in channels:
        draft = draft_create(
            actor=actor,
            channel=channel,
            text=text,
            language=language,
            scheduled_at=scheduled_at,
            reply_to_external_id=reply_to_external_id,
        )
        if image is not None:
            draft = draft_media_attach(actor=actor, draft=draft, upload=image)
        drafts.append(draft)
    return drafts


@transaction.atomic
def draft_media_attach(*, actor: User, draft: Draft, upload: UploadedFile[bytes]) -> Draft:
    """Store a checked image through the storage API; an added image is an edit."""
    draft = _locked(draft)
    if not access.DraftPolicy().can_change(actor, draft):
        raise PermissionDenied(_("You cannot change this draft."))
    if draft.state not in EDITABLE:
        raise ValidationError({"state": _("A draft being published or published is not edited.")})
    checked = image_check(upload)
    media = DraftMedia(
        draft=draft,
        token=uuid.uuid4().hex,
        content_type=checked.content_type,
        width=checked.width,
        height=checked.height,
        size=checked.size,
    )
    media.file.save(f"image.{checked.extension}", upload, save=False)
    media.save()
    _edited(draft)
    _recheck(draft)
    draft.save()
    audit_record(
        actor=actor,
        verb="draft.media_attach",
        target=draft,
        changes={"type": checked.content_type, "size": checked.size},
    )
    return draft


@transaction.atomic
def draft_media_remove(*, actor: User, media: DraftMedia) -> Draft:
    draft = _locked(media.draft)
    if not access.DraftPolicy().can_change(actor, draft):
        raise PermissionDenied(_("You cannot change this draft."))
    if draft.state not in EDITABLE:
        raise ValidationError({"state": _("A draft being published or published is not edited.")})
    name = media.file.name or ""
    media.delete()
    transaction.on_commit(lambda: media.file.storage.delete(name))
    _edited(draft)
    _recheck(draft)
    draft.save()
    audit_record(actor=actor, verb="draft.media_remove", target=draft)
    return draft


def _locked(draft: Draft) -> Draft:
    return Draft.objects.select_for_update().select_related("channel").get(pk=draft.pk)


@transaction.atomic
def draft_update(
    *,
    actor: User,
    draft: Draft,
    text: str | None = None,
    language: str | None = None,
    scheduled_at: dt.datetime | None = None,
) -> Draft:
    """An edit reruns the checks; an edit after approval sends the draft back to review."""
    draft = _locked(draft)
    if not access.DraftPolicy().can_change(actor, draft):
        raise PermissionDenied(_("You cannot change this draft."))
    if draft.state not in EDITABLE:
        raise ValidationError({"state": _("A draft being published or published is not edited.")})
    if text is not None:
        draft.text = text.strip()
    if language is not None:
        draft.language = language
    if scheduled_at is not None:
        draft.scheduled_at = scheduled_at
    _edited(draft)
    draft.full_clean(exclude=["findings"])
    _recheck(draft)
    draft.save()
    audit_record(
        actor=actor, verb="draft.update", target=draft, changes={"revision": draft.revision}
    )
    return draft


def _require(draft: Draft, *states: str) -> None:
    if draft.state not in states:
        raise ValidationError({"state": _("This step is not possible in the draft's state.")})


@transaction.atomic
def draft_submit(*, actor: User, draft: Draft) -> Draft:
    draft = _locked(draft)
    if draft.author_id != actor.pk and not access.is_channel_owner(actor, draft.channel):
        raise PermissionDenied(_("Only the author submits a draft."))
    _require(draft, DraftState.DRAFT)
    draft.state = DraftState.IN_REVIEW
    draft.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, verb="draft.submit", target=draft)
    _tell(draft.channel.owner, Message("publishing.notify.to_approve"), draft)
    return draft


def approvals_complete(draft: Draft, policy: PublishingPolicy) -> bool:
    current = [a for a in draft.approvals.all() if a.revision == draft.revision]
    if len(current) < policy.approvals_required:
        return False
    return not policy.owner_must_approve or any(a.as_owner for a in current)


@transaction.atomic
def draft_override(*, actor: User, draft: Draft, reason: str) -> Draft:
    """An approver lets a blocking finding through, with a reason on record."""
    draft = _locked(draft)
    if not access.can_approve(actor, draft, channel_policy(draft.channel)):
        raise PermissionDenied(_("You cannot approve this draft."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the finding may be published.")})
    draft.override_reason, draft.overridden_by = reason.strip()[:2000], actor
    draft.save(update_fields=["override_reason", "overridden_by", "updated_at"])
    codes = sorted({check.code for check in blocking_checks(draft)})
    audit_record(
        actor=actor, verb="draft.override", target=draft, changes={"codes": codes, "reason": reason}
    )
    return draft


@transaction.atomic
def draft_approve(*, actor: User, draft: Draft) -> Draft:
    draft = _locked(draft)
    policy = channel_policy(draft.channel)
    if draft.author_id == actor.pk:
        raise PermissionDenied(_("No one approves their own draft."))
    if not access.can_approve(actor, draft, policy):
        raise PermissionDenied(_("You cannot approve this draft."))
    _require(draft, DraftState.IN_REVIEW)
    if blocking_checks(draft) and not draft.override_reason:
        raise ValidationError({"text": _("Blocking findings must be fixed or overridden.")})
    Approval.objects.get_or_create(
        draft=draft,
        approver=actor,
        revision=draft.revision,
        defaults={"as_owner": access.is_channel_owner(actor, draft.channel)},
    )
    if approvals_complete(draft, policy):
        draft.state = DraftState.SCHEDULED if draft.scheduled_at else DraftState.APPROVED
        draft.save(update_fields=["state", "updated_at"])
        _tell(_author_person(draft), Message("publishing.notify.approved"), draft)
    audit_record(actor=actor, verb="draft.approve", target=draft, changes={"state": draft.state})
    return draft


@transaction.atomic
def draft_reject(*, actor: User, draft: Draft, reason: str) -> Draft:
    draft = _locked(draft)
    if not access.can_approve(actor, draft, channel_policy(draft.channel)):
        raise PermissionDenied(_("You cannot review this draft."))
    _require(draft, DraftState.IN_REVIEW)
    draft.state = DraftState.DRAFT
    draft.save(update_fields=["state", "updated_at"])
    audit_record(actor=actor, verb="draft.reject", target=draft, changes={"reason": reason})
    _tell(_author_person(draft), Message("publishing.notify.sent_back"), draft)
    return draft


@transaction.atomic
def draft_schedule(*, actor: User, draft: Draft, at: dt.datetime | None = None) -> Draft:
    """An approved draft goes out at `at` (now when not given)."""
    draft = _locked(draft)
    if not access.DraftPolicy().can_change(actor, draft):
        raise PermissionDenied(_("You cannot change this draft."))
    _require(draft, DraftState.APPROVED, DraftState.SCHEDULED)
    draft.scheduled_at = at or timezone.now()
    draft.state = DraftState.SCHEDULED
    draft.save(update_fields=["scheduled_at", "state", "updated_at"])
    audit_record(
        actor=actor, verb="draft.schedule", target=draft, changes={"at": draft.scheduled_at}
    )
    return draft
