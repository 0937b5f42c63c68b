"""Intake: poll one connector from its cursor, storing batch after batch, or accept what a
platform pushed; and the one place that writes a connector's health.

A worker takes a lease on the connector with a conditional update, so two workers never poll
the same one; a worker that dies leaves a lease that expires. Each batch is stored together
with its cursor, so a restart resumes after the last stored batch. A push is stored before it
is answered, so an accepted push is never lost; analysis follows in the worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from socialgov.channels.feeds import linked_accounts_to_watch
from socialgov.core.services import notification_send
from socialgov.core.texts import Message
from socialgov.engine.sources import (
    ConnectorError,
    CredentialsRejected,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    PartFailure,
    Rejection,
    SourceSpec,
    build_source,
    source_kinds,
    source_spec,
)
from socialgov.engine.sources.addresses import AddressGuard
from socialgov.engine.sources.base import describe_error
from socialgov.engine.sources.http import HttpClient
from socialgov.monitoring.encryption import SecretsUnreadable, encrypt_json
from socialgov.monitoring.jobs.dispatch import submit, uses_celery
from socialgov.monitoring.models import Author, Connector, ConnectorHealth
from socialgov.monitoring.pipeline.backlog import intake_paused
from socialgov.monitoring.pipeline.route import ChannelDirectory
from socialgov.monitoring.pipeline.store import MAX_PROBLEMS_KEPT, StoreResult, posts_store

logger = logging.getLogger(__name__)


def lease_duration() -> dt.timedelta:
    """How long a poll may go without renewing its lease; renewed after every batch, so a
    worker that dies blocks its connector only this long."""
    return dt.timedelta(seconds=settings.SOCIALGOV_CONNECTOR_LEASE_SECONDS)


MAX_BACKOFF = dt.timedelta(hours=1)


@dataclass
class PollResult:
    batches: int = 0
    stored: int = 0
    rejected: int = 0
    error: str = ""
    # Not polled (or stopped after a batch) because the analysis backlog is above its limit.
    paused: bool = False
    failures: list[PartFailure] = field(default_factory=list)


def http_client() -> HttpClient:
    return HttpClient(guard=AddressGuard.allowing(settings.SOCIALGOV_CONNECTOR_ALLOWED_NETWORKS))


def connector_lease(*, connector_id: int, now: dt.datetime, holder: str) -> bool:
    free = Q(lease_owner="") | Q(lease_expires_at__lt=now)
    return bool(
        Connector.objects.filter(free, pk=connector_id, is_active=True).update(
            lease_owner=holder, lease_expires_at=now + lease_duration()
        )
    )


def _renew_lease(connector_id: int, holder: str) -> bool:
    return bool(
        Connector.objects.filter(pk=connector_id, lease_owner=holder).update(
            lease_expires_at=timezone.now() + lease_duration()
        )
    )


def due_connector_ids(*, now: dt.datetime) -> list[int]:
    polled = [spec.kind for spec in _polled_kinds()]
    return list(
        Connector.objects.filter(is_active=True, kind__in=polled)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .filter(Q(lease_owner="") | Q(lease_expires_at__lt=now))
        .order_by("next_poll_at", "id")
        .values_list("id", flat=True)
    )


def _polled_kinds() -> list[SourceSpec]:
    return [spec for spec in source_kinds() if spec.polled]


def connector_poll(
    *,
    connector_id: int,
    now: dt.datetime | None = None,
    http: HttpClient | None = None,
    between_batches: Callable[[], None] | None = None,
) -> PollResult:
    """Poll one connector if no other worker holds it. `between_batches` runs after each
    stored batch: the in-process worker analyses there, so a slow analyzer slows intake
    (back-pressure) instead of letting unanalysed posts pile up."""
    now = now or timezone.now()
    holder = uuid.uuid4().hex
    result = PollResult()
    if intake_paused():
        # Left due, cursor untouched: the next poll after analysis has caught up resumes here.
        result.paused = True
        return result
    if not connector_lease(connector_id=connector_id, now=now, holder=holder):
        return result
    connector = Connector.objects.select_related("channel__owner", "contact").get(pk=connector_id)
    if connector.linked_account_id is not None and not consent_holds(connector.linked_account_id):
        # Consent was withdrawn or narrowed since: collection stops here, before any request.
        Connector.objects.filter(pk=connector_id).update(
            is_active=False, lease_owner="", lease_expires_at=None
        )
        return result
    source: object = None
    try:
        source = build_source(
            connector.kind, connector.config, connector.secrets(), http or http_client()
        )
        directory = ChannelDirectory.load()
        for batch in source.batches(connector.cursor or {}):
            stored = posts_store(
                posts=batch.posts,
                connector=connector,
                cursor=batch.cursor,
                rejected=batch.rejected,
                failures=batch.failures,
                directory=directory,
            )
            authors_learn(authors=batch.authors)
            result.failures += batch.failures
            result.batches += 1
            result.stored += stored.created + stored.updated
            result.rejected += stored.rejected
            if between_batches is not None:
                between_batches()
            elif intake_paused():
                result.paused = True  # the cursor of the stored batch is where it resumes
                break
            if not _renew_lease(connector_id, holder):
                # Our lease expired and another worker took over: stop, it resumes from the
                # cursor we stored.
                logger.warning("connector %s: lease lost, stopping this poll", connector_id)
                break
    except Exception as error:  # nothing a connector does may stop the worker
        if not isinstance(error, ConnectorError | SecretsUnreadable):
            logger.exception("connector %s (%s) raised", connector_id, connector.kind)
        result.error = describe_error(error)
        _record_failure(connector, error, now)
    else:
        _record_success(connector, rejected=result.rejected, now=now, failures=result.failures)
    finally:
        _keep_renewed_secrets(connector, source)
        Connector.objects.filter(pk=connector_id, lease_owner=holder).update(
            lease_owner="", lease_expires_at=None
        )
    return result


def consent_holds(linked_account_id: int) -> bool:
    """Whether the employee still consents to their account's public posts being read."""
    return any(
        watched.linked_account_id == linked_account_id and watched.read_public_posts
        for watched in linked_accounts_to_watch()
    )


def authors_learn(*, authors: Sequence[IncomingAuthor]) -> int:
    """Apply the handles a platform announced apart from any post (Bluesky identity events) to
    the authors already stored; an account never seen is not stored for its handle alone."""
    handles = {(a.platform, a.external_id): a.handle for a in authors if a.handle}
    if not handles:
        return 0
    query = Q(pk__in=[])
    for platform in {key[0] for key in handles}:
        query |= Q(platform=platform, external_id__in=[k[1] for k in handles if k[0] == platform])
    changed = []
    for row in Author.objects.filter(query).only("id", "platform", "external_id", "handle"):
        handle = handles[(row.platform, row.external_id)]
        if row.handle != handle:
            row.handle, row.updated_at = handle, timezone.now()
            changed.append(row)
    Author.objects.bulk_update(changed, ["handle", "updated_at"], batch_size=500)
    return len(changed)


def _keep_renewed_secrets(connector: Connector, source: object) -> None:
    """A source that renewed its tokens hands them back in `renewed_secrets`; they are stored
    (encrypted) even when the poll failed later, because a rotated refresh token replaces the
    old one, which no longer works."""
    renewed = getattr(source, "renewed_secrets", None)
    if not isinstance(renewed, dict) or not renewed:
        return
    merged = {**connector.secrets(), **{k: v for k, v in renewed.items() if isinstance(v, str)}}
    Connector.objects.filter(pk=connector.pk).update(secrets_token=encrypt_json(merged))


def _record_success(
    connector: Connector,
    *,
    rejected: int,
    now: dt.datetime,
    polled: bool = True,
    failures: Sequence[PartFailure] = (),
) -> None:
    """Healthy, or degraded when some items were rejected or some of its feeds or timelines
    failed (the others were polled); a polled connector is due again after its interval."""
    updates: dict[str, object] = {
        "health": ConnectorHealth.DEGRADED if rejected or failures else ConnectorHealth.OK,
        "last_error": "; ".join(f"{f.part}: {f.error}" for f in failures)[:2000],
        "last_polled_at": now,
        "last_success_at": now,
        "consecutive_failures": 0,
    }
    if polled:
        updates["next_poll_at"] = now + dt.timedelta(seconds=connector.poll_interval_seconds)
    Connector.objects.filter(pk=connector.pk).update(**updates)


def _record_failure(connector: Connector, error: Exception, now: dt.datetime) -> None:
    failures = connector.consecutive_failures + 1
    # An error that is not a connector error (a parser bug, a crash on a strange payload) will
    # recur on every poll: it fails the connector at once, like refused credentials.
    permanent = isinstance(
        error, CredentialsRejected | InvalidConfiguration | SecretsUnreadable
    ) or not isinstance(error, ConnectorError)
    health = ConnectorHealth.FAILING if permanent or failures >= 3 else ConnectorHealth.DEGRADED
    # Back off exponentially with jitter so a platform outage is not hammered by every worker.
    delay = min(
        MAX_BACKOFF.total_seconds(),
        connector.poll_interval_seconds * 2 ** min(failures, 10),
    )
    delay = random.uniform(delay / 2, delay)
    logger.warning("connector %s (%s) failed: %s", connector.pk, connector.kind, error)
    with transaction.atomic():
        Connector.objects.filter(pk=connector.pk).update(
            health=health,
            last_error=describe_error(error),
            last_polled_at=now,
            consecutive_failures=failures,
            next_poll_at=now + dt.timedelta(seconds=delay),
        )
        if health == ConnectorHealth.FAILING and connector.health != ConnectorHealth.FAILING:
            _tell_contact(connector, error)


def _tell_contact(connector: Connector, error: Exception) -> None:
    person = connector.contact or (connector.channel.owner if connector.channel else None)
    if person is None:
        return
    notification_send(
        recipient=person,
        subject=Message("monitoring.notify.connector_stopped", {"name": str(connector.name)}),
        body=Message("monitoring.notify.connector_stopped_body", {"error": str(error)[:500]}),
        url=f"/monitoring/connectors/{connector.pk}/",
    )


def is_polled(kind: str) -> bool:
    try:
        return source_spec(kind).polled
    except InvalidConfiguration:
        return False


def push_refuse(*, connector: Connector, reason: str) -> None:
    """A push that was not accepted (bad signature, too large, unreadable): the connector is
    degraded and the refusal is kept among its recent problems."""
    logger.warning("%s connector %s: push refused: %s", connector.kind, connector.pk, reason)
    text = f"push refused: {reason}"
    problem = {"at": timezone.now().isoformat(), "reason": text[:300], "sample": ""}
    Connector.objects.filter(pk=connector.pk).update(
        health=ConnectorHealth.DEGRADED,
        last_error=text[:2000],
        items_rejected=F("items_rejected") + 1,
        recent_problems=[problem, *(connector.recent_problems or [])][:MAX_PROBLEMS_KEPT],
    )


def push_accept(
    *, connector: Connector, posts: Sequence[IncomingPost], rejected: Sequence[Rejection]
) -> StoreResult:
    """Store what a platform pushed, record the connector's health and, with Celery, queue
    the analysis (the in-process worker finds the posts on its next round)."""
    now = timezone.now()
    stored = posts_store(posts=posts, connector=connector, rejected=rejected)
    _record_success(connector, rejected=len(rejected), now=now, polled=False)
    if posts and uses_celery():
        submit("analyse_backlog")
    return stored
