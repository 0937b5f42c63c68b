"""Access grants on platform accounts and their periodic recertification by the owner."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.channels.access import answers_for
from socialgov.channels.models import (
    AccessGrant,
    AccessReview,
    AccessReviewDecision,
    AccessRole,
    Channel,
    GrantStatus,
    ReviewDecisionChoice,
    ReviewStatus,
)
from socialgov.channels.services.channels import _close_tasks
from socialgov.channels.services.common import clean_choice, require_active
from socialgov.core.audit import audit_record
from socialgov.core.models import Person, TaskPriority, User
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send, task_create
from socialgov.core.texts import Message

TASK_REVIEW = "access_review"
TASK_REVOCATION = "access_revocation"
# How long an owner gets to complete a review opened for a channel already past its date.
REVIEW_WINDOW_DAYS = 14


@transaction.atomic
def access_grant_add(
    *,
    actor: User | None,
    channel: Channel,
    role: str,
    person: Person | None = None,
    external_name: str = "",
    agency: str = "",
    granted_by: Person | None = None,
    granted_on: dt.date | None = None,
    note: str = "",
) -> AccessGrant:
    """Record that someone holds a role on the channel's platform account."""
    clean_choice(role, AccessRole, "role")
    if person is None and not external_name.strip():
        raise ValidationError(
            {"person": _("Name the employee, or the external person who holds the access.")}
        )
    require_active(person, "person")
    grant = AccessGrant(
        channel=channel,
        person=person,
        external_name=external_name.strip(),
        agency=agency.strip(),
        role=role,
        granted_by=granted_by,
        granted_on=granted_on or timezone.localdate(),
        note=note.strip(),
    )
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        verb="access_grant.add",
        target=grant,
        changes={
            "channel": channel.pk,
            "person": person.pk if person else None,
            "external_name": grant.external_name,
            "agency": grant.agency,
            "role": role,
            "granted_on": grant.granted_on,
        },
    )
    return grant


@transaction.atomic
def access_grant_revoke(
    *, actor: User | None, grant: AccessGrant, revoked_on: dt.date | None = None
) -> AccessGrant:
    grant = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.status == GrantStatus.REVOKED:
        return grant
    grant.status = GrantStatus.REVOKED
    grant.revoked_on = revoked_on or timezone.localdate()
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        verb="access_grant.revoke",
        target=grant,
        changes={"status": [GrantStatus.ACTIVE, GrantStatus.REVOKED]},
    )
    return grant


@transaction.atomic
def access_review_open(
    *, actor: User | None, channel: Channel, due_on: dt.date | None = None
) -> AccessReview:
    """Ask the owner to recertify the channel's grants by `due_on` (one open review at a time)."""
    # Lock the channel so two schedulers running at once open one review, not a conflict.
    channel = Channel.objects.select_for_update().select_related("owner").get(pk=channel.pk)
    existing = AccessReview.objects.filter(channel=channel, status=ReviewStatus.OPEN).first()
    if existing is not None:
        return existing
    today = timezone.localdate()
    due = due_on or max(channel.next_review_due or today, today + dt.timedelta(days=7))
    review = AccessReview(channel=channel, due_on=due)
    review.full_clean()
    review.save()
    audit_record(
        actor=actor, verb="access_review.open", target=review, changes={"due_on": review.due_on}
    )
    if channel.owner.is_active:
        task_create(
            actor=actor,
            title=Message("channels.task.review_access", {"channel": str(channel)}),
            description=Message(
                "channels.review.keep_or_revoke", {"date": review.due_on.isoformat()}
            ),
            owner=channel.owner,
            due_date=review.due_on,
            source=TASK_REVIEW,
            subject=review,
        )
    return review


def _require_reviewer(actor: User | None, review: AccessReview) -> None:
    if actor is None or not answers_for(actor, review.channel):
        raise PermissionDenied(
            _("Only the channel's owner or deputy can decide in its access review.")
        )


@transaction.atomic
def access_review_decide(
    *,
    actor: User | None,
    review: AccessReview,
    grant: AccessGrant,
    decision: str,
    note: str = "",
) -> AccessReviewDecision:
    """Keep or revoke one grant. A revocation is recorded at once and becomes a task to remove
    the access on the platform itself."""
    review = (
        AccessReview.objects.select_for_update().select_related("channel__owner").get(pk=review.pk)
    )
    _require_reviewer(actor, review)
    clean_choice(decision, ReviewDecisionChoice, "decision")
    if review.status != ReviewStatus.OPEN:
        raise ValidationError({"review": _("This access review is already completed.")})
    if grant.channel_id != review.channel_id:
        raise ValidationError({"grant": _("This grant belongs to another channel.")})
    if grant.status != GrantStatus.ACTIVE:
        raise ValidationError({"grant": _("This grant is already revoked.")})
    if AccessReviewDecision.objects.filter(review=review, grant=grant).exists():
        raise ValidationError({"grant": _("This grant has already been decided in this review.")})
    record = AccessReviewDecision(
        review=review, grant=grant, decision=decision, decided_by=actor, note=note.strip()
    )
    record.full_clean()
    record.save()
    audit_record(
        actor=actor,
        verb="access_review.decide",
        target=review,
        changes={"grant": grant.pk, "holder": grant.holder, "decision": decision, "note": note},
    )
    if decision == ReviewDecisionChoice.REVOKE:
        access_grant_revoke(actor=actor, grant=grant)
        channel_owner = review.channel.owner
        responsible = channel_owner if channel_owner.is_active else actor.person  # type: ignore[union-attr]
        responsible = responsible or next(iter(governance_leads()), None)
        if responsible is None:
            return record
        record.task = task_create(
            actor=actor,
            title=Message(
                "channels.task.remove_holder",
                {"holder": str(grant.holder), "channel": str(review.channel)},
            ),
            description=Message(
                "channels.task.remove_holder_body", {"role": Message(f"channels.role.{grant.role}")}
            ),
            owner=responsible,
            priority=TaskPriority.HIGH,
            due_date=timezone.localdate() + dt.timedelta(days=7),
            source=TASK_REVOCATION,
            subject=grant,
        )
        record.save(update_fields=["task"])
    return record


def undecided_grants(review: AccessReview) -> list[AccessGrant]:
    decided = AccessReviewDecision.objects.filter(review=review).values("grant_id")
    return list(
        AccessGrant.objects.filter(channel_id=review.channel_id, status=GrantStatus.ACTIVE)
        .exclude(pk__in=decided)
        .select_related("person")
    )


@transaction.atomic
def access_review_complete(*, actor: User | None, review: AccessReview) -> AccessReview:
    review = AccessReview.objects.select_for_update().select_related("channel").get(pk=review.pk)
    _require_reviewer(actor, review)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError({"review": _("This access review is already completed.")})
    pending = undecided_grants(review)
    if pending:
        raise ValidationError(
            {
                "review": _("Decide on every grant first; still open: %(holders)s.")
                % {"holders": ", ".join(grant.holder for grant in pending)}
            }
        )
    today = timezone.localdate()
    review.status = ReviewStatus.COMPLETED
    review.completed_at = timezone.now()
    review.completed_by = actor
    review.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    Channel.objects.filter(pk=review.channel_id).update(last_reviewed_on=today)
    audit_record(
        actor=actor,
        verb="access_review.complete",
        target=review,
        changes={"decisions": review.decisions.count()},
    )
    _close_tasks(actor=actor, subject=review, source=TASK_REVIEW)
    return review


def access_review_remind(*, review: AccessReview, days_left: int) -> None:
    notification_send(
        recipient=review.channel.owner,
        subject=Message(
            "channels.notify.review_due", {"channel": str(review.channel), "days": days_left}
        ),
        body=Message("channels.review.keep_or_revoke", {"date": review.due_on.isoformat()}),
        url=f"/channels/reviews/{review.pk}/",
    )
