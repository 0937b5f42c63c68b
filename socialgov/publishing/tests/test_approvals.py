"""The approval state machine: draft → in review → approved/scheduled, rejection back to
draft, no self-approval, an edit after approval back to review, role scoping."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.models import AuditEvent, Notification, User
from socialgov.publishing import services
from socialgov.publishing.models import Draft, DraftState, PublishingPolicy

CLEAN = "Bedankt voor uw bericht, wij helpen u graag verder."


def _draft(cm: User, channel: Channel, text: str = CLEAN, **extra: object) -> Draft:
    return services.draft_create(actor=cm, channel=channel, text=text, language="nl", **extra)  # type: ignore[arg-type]


def test_a_draft_goes_through_review_to_scheduled_when_the_owner_approves(
    cm: User, owner: User, channel: Channel
) -> None:
    at = timezone.now() + dt.timedelta(hours=2)
    draft = _draft(cm, channel, scheduled_at=at)
    assert draft.state == DraftState.DRAFT
    draft = services.draft_submit(actor=cm, draft=draft)
    assert draft.state == DraftState.IN_REVIEW
    draft = services.draft_approve(actor=owner, draft=draft)
    assert draft.state == DraftState.SCHEDULED
    verbs = list(
        AuditEvent.objects.filter(target_type="publishing.draft", target_id=str(draft.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["draft.create", "draft.submit", "draft.approve"]
    subjects = set(Notification.objects.values_list("subject", flat=True))
    assert {"A draft waits for your approval", "Your draft is approved"} <= subjects


def test_a_draft_without_a_time_is_approved_and_waits_to_be_scheduled(
    cm: User, owner: User, channel: Channel
) -> None:
    draft = services.draft_submit(actor=cm, draft=_draft(cm, channel))
    draft = services.draft_approve(actor=owner, draft=draft)
    assert draft.state == DraftState.APPROVED
    draft = services.draft_schedule(actor=cm, draft=draft)
    assert draft.state == DraftState.SCHEDULED and draft.scheduled_at is not None


def test_no_one_approves_their_own_draft(owner: User, channel: Channel) -> None:
    draft = services.draft_submit(actor=owner, draft=_draft(owner, channel))
    with pytest.raises(PermissionDenied):
        services.draft_approve(actor=owner, draft=draft)
    draft.refresh_from_db()
    assert draft.state == DraftState.IN_REVIEW and not draft.approvals.exists()


def test_a_rejected_draft_goes_back_to_draft(cm: User, owner: User, channel: Channel) -> None:
    draft = services.draft_submit(actor=cm, draft=_draft(cm, channel))
    draft = services.draft_reject(actor=owner, draft=draft, reason="Te formeel")
    assert draft.state == DraftState.DRAFT


def test_an_edit_after_approval_sends_the_draft_back_to_review(
    cm: User, owner: User, channel: Channel
) -> None:
    draft = services.draft_submit(actor=cm, draft=_draft(cm, channel))
    draft = services.draft_approve(actor=owner, draft=draft)
    draft = services.draft_update(actor=cm, draft=draft, text=CLEAN + " Tot snel!")
    assert draft.state == DraftState.IN_REVIEW
    assert not services.approvals_complete(draft, services.channel_policy(channel))


def test_two_approvers_are_needed_when_the_policy_says_so(
    cm: User, owner: User, lead: User, channel: Channel
) -> None:
    PublishingPolicy.objects.filter(channel=channel).update(approvals_required=2)
    draft = services.draft_submit(actor=cm, draft=_draft(cm, channel))
    draft = services.draft_approve(actor=lead, draft=draft)
    assert draft.state == DraftState.IN_REVIEW
    draft = services.draft_approve(actor=owner, draft=draft)
    assert draft.state == DraftState.APPROVED


def test_the_lead_alone_cannot_approve_when_the_owner_must(
    cm: User, lead: User, channel: Channel
) -> None:
    draft = services.draft_submit(actor=cm, draft=_draft(cm, channel))
    draft = services.draft_approve(actor=lead, draft=draft)
    assert draft.state == DraftState.IN_REVIEW


def test_a_community_manager_drafts_only_for_channels_in_scope(
    cm: User, cm_elsewhere: User, channel: Channel, other_channel: Channel
) -> None:
    with pytest.raises(PermissionDenied):
        _draft(cm, other_channel)
    mine = _draft(cm, channel)
    assert list(permissions.visible(cm, Draft.objects.all())) == [mine]
    assert list(permissions.visible(cm_elsewhere, Draft.objects.all())) == []


def test_a_community_manager_cannot_approve_a_colleagues_draft(
    cm: User, owner: User, comms: object, channel: Channel
) -> None:
    draft = services.draft_submit(actor=owner, draft=_draft(owner, channel))
    with pytest.raises(PermissionDenied):
        services.draft_approve(actor=cm, draft=draft)


def test_a_blocked_draft_is_not_approved_without_an_override(
    cm: User, owner: User, channel: Channel
) -> None:
    draft = _draft(cm, channel, text="Stort het bedrag op BE68 5390 0754 7034 aub.")
    draft = services.draft_submit(actor=cm, draft=draft)
    with pytest.raises(ValidationError):
        services.draft_approve(actor=owner, draft=draft)
    with pytest.raises(ValidationError):
        services.draft_override(actor=owner, draft=draft, reason="  ")
    services.draft_override(actor=owner, draft=draft, reason="Ons eigen rekeningnummer")
    draft = services.draft_approve(actor=owner, draft=draft)
    assert draft.state == DraftState.APPROVED
    assert AuditEvent.objects.filter(verb="draft.override", target_id=str(draft.pk)).exists()
