"""Sending scheduled drafts. Several workers may run this at once: each draft is claimed with
a conditional update (scheduled → publishing), so only one of them sends it. A worker that
dies between the claim and the platform's answer leaves the draft in `publishing`; it is not
sent again (the platform may have it already) but marked failed with what is known."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.core.audit import audit_record
from socialgov.core.services.notifications import notification_send
from socialgov.engine.sources.addresses import AddressGuard
from socialgov.engine.sources.http import HttpClient
from socialgov.engine.sources.publishing import (
    Publisher,
    PublishError,
    PublishRequest,
    PublishResult,
    build_publisher,
)
from socialgov.publishing.models import Draft, DraftState
from socialgov.publishing.services import approvals_complete, blocking_checks, channel_policy

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
BACKOFF = dt.timedelta(minutes=2)
STALE_CLAIM = dt.timedelta(minutes=10)
PublisherFor = Callable[[Draft], Publisher]


def connector_publisher(draft: Draft) -> Publisher:
    """The publisher built from the channel's active connector (its config and secrets)."""
    from socialgov.monitoring.models import Connector

    connector = Connector.objects.filter(channel=draft.channel, is_active=True).first()
    if connector is None:
        raise PublishError(f"channel {draft.channel.handle} has no active connector")
    http = HttpClient(guard=AddressGuard.allowing(settings.SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS))
    return build_publisher(draft.channel.platform, connector.config, connector.secrets(), http)


def claim(draft_id: int, *, now: dt.datetime) -> str | None:
    """Claim one due draft for this worker; None when another worker got it first."""
    token = uuid.uuid4().hex
    claimed = Draft.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=draft_id,
        state=DraftState.SCHEDULED,
        scheduled_at__lte=now,
    ).update(state=DraftState.PUBLISHING, claim=token, claimed_at=now, attempts=F("attempts") + 1)
    return token if claimed else None


def _ready(draft: Draft) -> bool:
    """The approvals and checks still hold at send time (nothing slipped in through the API)."""
    if not approvals_complete(draft, channel_policy(draft.channel)):
        return False
    return not blocking_checks(draft) or bool(draft.override_reason)


def _record(draft: Draft, token: str, verb: str, **fields: object) -> bool:
    with transaction.atomic():
        updated = Draft.objects.filter(pk=draft.pk, claim=token).update(**fields)
        if updated:
            audit_record(actor=None, verb=verb, target=draft, changes={"state": fields["state"]})
            owner = draft.channel.owner if verb == "draft.publish_failed" else None
            if owner is not None:
                notification_send(
                    recipient=owner,
                    subject=_("A post could not be published"),
                    body=str(fields.get("last_error", "")),
                    url=f"/publishing/{draft.pk}/",
                )
    return bool(updated)


def _published(draft: Draft, token: str, result: PublishResult) -> None:
    _record(
        draft,
        token,
        "draft.publish",
        state=DraftState.PUBLISHED,
        platform_post_id=result.external_id,
        platform_url=result.url[:1000],
        published_at=timezone.now(),
        last_error="",
    )


def _failed(draft: Draft, token: str, error: PublishError, now: dt.datetime) -> None:
    if error.retryable and draft.attempts < MAX_ATTEMPTS:
        wait = BACKOFF * 2 ** (draft.attempts - 1)
        if error.retry_at is not None:
            wait = max(wait, dt.timedelta(seconds=error.retry_at - now.timestamp()))
        _record(
            draft,
            token,
            "draft.publish_retry",
            state=DraftState.SCHEDULED,
            next_attempt_at=now + wait,
            last_error=str(error)[:2000],
        )
        return
    _record(
        draft, token, "draft.publish_failed", state=DraftState.FAILED, last_error=str(error)[:2000]
    )


def publish_one(draft_id: int, *, now: dt.datetime, publisher_for: PublisherFor) -> str:
    token = claim(draft_id, now=now)
    if token is None:
        return "taken"
    draft = Draft.objects.select_related("channel", "channel__owner").get(pk=draft_id)
    if not _ready(draft):
        _record(draft, token, "draft.publish_refused", state=DraftState.IN_REVIEW)
        return "refused"
    request = PublishRequest(draft.text, f"socialgov-draft-{draft.pk}", draft.reply_to_external_id)
    try:
        result = publisher_for(draft).publish(request)
    except PublishError as error:
        if error.duplicate:
            error.retryable = False
        _failed(draft, token, error, now)
        return "failed"
    except Exception as error:  # a bug, not the platform: failed now, never sent twice
        logger.exception("publishing draft %s raised", draft_id)
        # It may have reached the platform before the bug struck, so it is not retried.
        _failed(draft, token, PublishError(f"unexpected {type(error).__name__}: {error}"), now)
        return "failed"
    _published(draft, token, result)
    return "published"


def recover_interrupted(*, now: dt.datetime) -> int:
    """Drafts a dead worker left mid-send: marked failed, never sent a second time."""
    stale = Draft.objects.filter(state=DraftState.PUBLISHING, claimed_at__lt=now - STALE_CLAIM)
    count = 0
    for draft in stale.select_related("channel", "channel__owner"):
        message = _(
            "The worker stopped between claim and send; check the platform before resending."
        )
        if _record(
            draft, draft.claim, "draft.publish_failed", state=DraftState.FAILED, last_error=message
        ):
            count += 1
    return count


def publish_due(
    *, now: dt.datetime | None = None, publisher_for: PublisherFor = connector_publisher
) -> dict[str, int]:
    """Send every due draft once; the daily/minutely job entry point."""
    now = now or timezone.now()
    outcome: dict[str, int] = {"recovered": recover_interrupted(now=now)}
    due = Draft.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        state=DraftState.SCHEDULED,
        scheduled_at__lte=now,
    ).values_list("pk", flat=True)
    for draft_id in list(due[:500]):
        result = publish_one(draft_id, now=now, publisher_for=publisher_for)
        outcome[result] = outcome.get(result, 0) + 1
    logger.info("publishing: %s", outcome)
    return outcome
