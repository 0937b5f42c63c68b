"""Retention of internal content: employees' messages from the internal platforms (those whose
source is registered `internal`: Slack, Viva Engage, Chatter) are kept only as long as their
connector's `retention_days` says (privacy by design; in Belgium also CAO/CCT 81). Posts that
are evidence of an open alert are kept until the alert is closed, so a case being handled does
not lose its evidence."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from socialgov.core.audit import audit_record
from socialgov.engine.sources import source_kinds
from socialgov.monitoring.models import OPEN_ALERT_STATUSES, AlertEvidence, Connector, Post

logger = logging.getLogger(__name__)


def internal_kinds() -> list[str]:
    """The connector kinds whose source says it reads internal content (`SourceSpec.internal`)."""
    return [spec.kind for spec in source_kinds() if spec.internal]


def internal_posts_purge(*, now: dt.datetime | None = None) -> int:
    """Delete internal posts past their connector's retention; returns how many went."""
    now = now or timezone.now()
    removed = 0
    for connector in Connector.objects.filter(kind__in=internal_kinds()):
        days = (connector.config or {}).get("retention_days")
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            continue
        held = AlertEvidence.objects.filter(alert__status__in=OPEN_ALERT_STATUSES).values(
            "finding__post_id"
        )
        expired = Post.objects.filter(
            connector=connector, published_at__lt=now - dt.timedelta(days=days)
        ).exclude(pk__in=held)
        with transaction.atomic():
            count, _by_model = expired.delete()
            if count:
                audit_record(
                    actor=None,
                    verb="post.retention_purge",
                    target=connector,
                    changes={"deleted": count, "retention_days": days},
                )
        removed += count
    if removed:
        logger.info("retention: deleted %s internal posts", removed)
    return removed
