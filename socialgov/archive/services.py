"""Writes on the archive: capture (a new version when the text changes or the item is
deleted), legal holds and the retention purge that respects them."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialgov.archive import access, selectors
from socialgov.archive.hashing import GENESIS, version_hash
from socialgov.archive.models import ArchivedItem, ArchivedVersion, LegalHold, RetentionRule
from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.models import User


def _add_version(item: ArchivedItem, *, text: str, deleted: bool, now: dt.datetime) -> None:
    last = item.versions.order_by("-number").first()
    number = (last.number + 1) if last else 1
    digest = version_hash(
        previous=last.content_hash if last else GENESIS,
        platform=item.platform,
        external_id=item.external_id,
        number=number,
        text=text,
        deleted=deleted,
        captured_at=now,
    )
    ArchivedVersion.objects.create(
        item=item, number=number, text=text, deleted=deleted, captured_at=now, content_hash=digest
    )


@transaction.atomic
def archive_capture(
    *,
    kind: str,
    platform: str,
    external_id: str,
    text: str,
    published_at: dt.datetime,
    channel: Channel | None = None,
    author: str = "",
    now: dt.datetime | None = None,
) -> ArchivedItem:
    """Store an item seen or published; a changed text becomes a new version (idempotent)."""
    now = now or timezone.now()
    item, created = ArchivedItem.objects.select_for_update().get_or_create(
        platform=platform,
        external_id=external_id,
        defaults={
            "kind": kind,
            "text": text,
            "published_at": published_at,
            "channel": channel,
            "author": author[:200],
        },
    )
    if created:
        item.full_clean()
        _add_version(item, text=text, deleted=False, now=now)
    elif item.text != text:
        item.text = text
        item.save(update_fields=["text"])
        _add_version(item, text=text, deleted=False, now=now)
    return item


@transaction.atomic
def archive_mark_deleted(*, item: ArchivedItem, now: dt.datetime | None = None) -> ArchivedItem:
    now = now or timezone.now()
    item = ArchivedItem.objects.select_for_update().get(pk=item.pk)
    if item.deleted_at is None:
        item.deleted_at = now
        item.save(update_fields=["deleted_at"])
        _add_version(item, text=item.text, deleted=True, now=now)
    return item


@transaction.atomic
def legal_hold_create(
    *,
    actor: User,
    name: str,
    channel: Channel | None = None,
    author: str = "",
    period_start: dt.datetime | None = None,
    period_end: dt.datetime | None = None,
    query: str = "",
) -> LegalHold:
    if not access.can_hold(actor):
        raise PermissionDenied(_("Only leads, admins and legal place holds."))
    hold = LegalHold(
        name=name.strip(),
        channel=channel,
        author=author.strip(),
        period_start=period_start,
        period_end=period_end,
        query=query.strip(),
        created_by=actor,
    )
    if not (channel or hold.author or hold.query or period_start or period_end):
        raise ValidationError({"name": _("A hold needs a channel, author, period or search.")})
    hold.full_clean()
    hold.save()
    audit_record(
        actor=actor,
        verb="legal_hold.create",
        target=hold,
        changes={"channel": channel.pk if channel else None, "author": author, "query": query},
    )
    return hold


@transaction.atomic
def legal_hold_release(*, actor: User, hold: LegalHold) -> LegalHold:
    if not access.can_hold(actor):
        raise PermissionDenied(_("Only leads, admins and legal release holds."))
    hold = LegalHold.objects.select_for_update().get(pk=hold.pk)
    if hold.released_at is None:
        hold.released_at, hold.released_by = timezone.now(), actor
        hold.save(update_fields=["released_at", "released_by", "updated_at"])
        audit_record(actor=actor, verb="legal_hold.release", target=hold)
    return hold


@transaction.atomic
def retention_rule_set(*, actor: User, kind: str, days: int) -> RetentionRule:
    if not access.can_hold(actor):
        raise PermissionDenied(_("Only leads, admins and legal set retention."))
    rule, _created = RetentionRule.objects.get_or_create(kind=kind, defaults={"days": days})
    rule.days = days
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, verb="retention_rule.set", target=rule, changes={"days": days})
    return rule


def archive_purge(*, now: dt.datetime | None = None) -> int:
    """Delete archived items past their kind's retention unless a hold covers them."""
    now = now or timezone.now()
    removed = 0
    for rule in RetentionRule.objects.all():
        expired = ArchivedItem.objects.filter(
            kind=rule.kind, published_at__lt=now - dt.timedelta(days=rule.days)
        ).exclude(selectors.held_q())
        with transaction.atomic():
            count = expired.count()
            if count:
                expired.delete()  # versions go with their item
                audit_record(
                    actor=None,
                    verb="archive.retention_purge",
                    target=rule,
                    changes={"deleted": count, "days": rule.days},
                )
        removed += count
    return removed


@transaction.atomic
def archive_search_record(*, actor: User, filters: selectors.SearchFilters, results: int) -> None:
    """Every eDiscovery search is on record: who searched for what, and how much was found."""
    if not access.can_search(actor):
        raise PermissionDenied(_("Only leads, admins, legal and auditors search the archive."))
    audit_record(
        actor=actor,
        verb="archive.search",
        target_type="archive.search",
        target_label=filters.text[:200],
        changes={
            "text": filters.text,
            "channel": filters.channel_id,
            "author": filters.author,
            "platform": filters.platform,
            "kind": filters.kind,
            "start": filters.start.isoformat() if filters.start else None,
            "end": filters.end.isoformat() if filters.end else None,
            "results": results,
        },
    )
