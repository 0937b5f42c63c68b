"""The internal-content purge for every source, not only the Slack, Viva Engage and Chatter
connectors: posts of kind `internal` (a file import included) past the retention are deleted,
unless an open alert holds them as evidence or a legal hold covers them.

The monitoring pipeline's retention stage is the lead's; this function is what it can call
(or take over) so that held content is never deleted."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from socialgov.archive.selectors import held_post_ids
from socialgov.core.audit import audit_record

DEFAULT_INTERNAL_DAYS = 365


def internal_content_purge(
    *, days: int = DEFAULT_INTERNAL_DAYS, now: dt.datetime | None = None
) -> int:
    from socialgov.monitoring.models import OPEN_ALERT_STATUSES, AlertEvidence, Post, PostKind

    now = now or timezone.now()
    evidence = AlertEvidence.objects.filter(alert__status__in=OPEN_ALERT_STATUSES).values(
        "finding__post_id"
    )
    expired = (
        Post.objects.filter(kind=PostKind.INTERNAL, published_at__lt=now - dt.timedelta(days=days))
        .exclude(pk__in=evidence)
        .exclude(pk__in=held_post_ids())
    )
    with transaction.atomic():
        count = expired.count()
        if count:
            expired.delete()
            audit_record(
                actor=None,
                verb="post.internal_retention_purge",
                target_type="monitoring.post",
                changes={"deleted": count, "retention_days": days},
            )
    return count
