"""Periodic work of the channel register, as plain functions an executor can schedule.

Each job takes `today` (for tests and replays), is idempotent for a given day, and returns how
many items it acted on. `run_daily` runs them in order.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from socialgov.channels.models import (
    AccessReview,
    Channel,
    ChannelStatus,
    EscalationLevel,
    ReviewStatus,
)
from socialgov.channels.services.access import (
    TASK_REVIEW,
    access_review_open,
    access_review_remind,
)
from socialgov.core.audit import audit_record
from socialgov.core.models import TaskPriority
from socialgov.core.selectors import governance_leads
from socialgov.core.services import notification_send, task_create
from socialgov.core.texts import Message

logger = logging.getLogger(__name__)

# A review opens this many days before the channel's next review date.
OPEN_DAYS_BEFORE = 14
# Reminders go to the owner this many days before the due date.
REMINDER_DAYS = (7, 1)
# Past due: first the deputy is asked to step in; this many days later, the governance lead.
ESCALATE_TO_LEAD_AFTER_DAYS = 7

REVIEWED_STATUSES = (ChannelStatus.ACTIVE, ChannelStatus.DORMANT, ChannelStatus.ORPHANED)


@dataclass(frozen=True)
class DailyReport:
    opened: int
    reminded: int
    escalated: int


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def access_reviews_open_due(today: dt.date | None = None) -> int:
    """Open a review for every channel whose next review date is near and has none open."""
    today = _today(today)
    opened = 0
    channels = (
        Channel.objects.filter(status__in=REVIEWED_STATUSES)
        .exclude(reviews__status=ReviewStatus.OPEN)
        .select_related("owner")
    )
    for channel in channels.iterator(chunk_size=500):
        due = channel.next_review_due
        if due is None or due - dt.timedelta(days=OPEN_DAYS_BEFORE) > today:
            continue
        access_review_open(actor=None, channel=channel, due_on=max(due, today))
        opened += 1
    return opened


def _reminder_due(review: AccessReview, today: dt.date) -> int | None:
    """The reminder threshold to send today, if any: the nearest one reached and not yet sent."""
    days_left = (review.due_on - today).days
    if days_left < 0:
        return None
    for threshold in sorted(REMINDER_DAYS):
        if days_left <= threshold:
            window_start = review.due_on - dt.timedelta(days=threshold)
            if review.reminded_on is None or review.reminded_on < window_start:
                return days_left
            return None
    return None


def access_reviews_remind(today: dt.date | None = None) -> int:
    today = _today(today)
    sent = 0
    reviews = AccessReview.objects.filter(status=ReviewStatus.OPEN).select_related("channel__owner")
    for review in reviews:
        days_left = _reminder_due(review, today)
        if days_left is None or not review.channel.owner.is_active:
            continue
        with transaction.atomic():
            access_review_remind(review=review, days_left=days_left)
            AccessReview.objects.filter(pk=review.pk).update(reminded_on=today)
        sent += 1
    return sent


def _escalate(review: AccessReview, level: EscalationLevel, today: dt.date) -> None:
    channel = review.channel
    days_late = (today - review.due_on).days
    if level == EscalationLevel.DEPUTY:
        assert channel.deputy is not None
        notification_send(
            recipient=channel.deputy,
            subject=Message("channels.review.overdue", {"channel": str(channel)}),
            body=Message(
                "channels.review.overdue_deputy_body", {"date": review.due_on.isoformat()}
            ),
            url=f"/channels/reviews/{review.pk}/",
        )
    else:
        leads = governance_leads()
        if leads:
            task_create(
                actor=None,
                title=Message("channels.review.overdue", {"channel": str(channel)}),
                description=Message(
                    "channels.review.overdue_lead_body",
                    {
                        "date": review.due_on.isoformat(),
                        "days": days_late,
                        "owner": str(channel.owner),
                    },
                ),
                owner=leads[0],
                priority=TaskPriority.HIGH,
                due_date=today + dt.timedelta(days=7),
                source=TASK_REVIEW,
                subject=review,
            )
        else:
            logger.warning("access review %s overdue and nobody leads governance", review.pk)
    old = review.escalation
    AccessReview.objects.filter(pk=review.pk).update(escalation=level, escalated_on=today)
    audit_record(
        actor=None,
        verb="access_review.escalate",
        target=review,
        changes={"escalation": [old, int(level)], "days_late": days_late},
    )


def access_reviews_escalate(today: dt.date | None = None) -> int:
    """Past due: to the deputy at once (or straight to the lead without one), then to the
    governance lead once ESCALATE_TO_LEAD_AFTER_DAYS have passed."""
    today = _today(today)
    escalated = 0
    reviews = AccessReview.objects.filter(
        status=ReviewStatus.OPEN, due_on__lt=today, escalation__lt=EscalationLevel.GOVERNANCE_LEAD
    ).select_related("channel__owner", "channel__deputy")
    for review in reviews:
        deputy = review.channel.deputy
        has_deputy = deputy is not None and deputy.is_active
        late = (today - review.due_on).days
        target: EscalationLevel | None = None
        if review.escalation == EscalationLevel.NONE:
            target = EscalationLevel.DEPUTY if has_deputy else EscalationLevel.GOVERNANCE_LEAD
        if late >= ESCALATE_TO_LEAD_AFTER_DAYS:
            target = EscalationLevel.GOVERNANCE_LEAD
        if target is None or target <= review.escalation:
            continue
        with transaction.atomic():
            if target == EscalationLevel.GOVERNANCE_LEAD and review.escalation == 0 and has_deputy:
                _escalate(review, EscalationLevel.DEPUTY, today)
                review.escalation = EscalationLevel.DEPUTY
            _escalate(review, target, today)
        escalated += 1
    return escalated


def run_daily(today: dt.date | None = None) -> DailyReport:
    """Everything the register needs once a day; what an executor schedules."""
    today = _today(today)
    return DailyReport(
        opened=access_reviews_open_due(today),
        reminded=access_reviews_remind(today),
        escalated=access_reviews_escalate(today),
    )


# For an executor's schedule: (name, function taking an optional `today`, how often).
SCHEDULE = (("channels.access_reviews", run_daily, "daily"),)
