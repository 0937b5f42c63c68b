"""Store step of the pipeline: an idempotent upsert of a batch of posts by platform and
external id, committed together with the connector's cursor.

A post is stored once whatever is retried; an edit (different text) updates the row and sends
it back to analysis; a repeat changes nothing but the engagement counts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from socialgov.archive.selectors import held_post_ids
from socialgov.engine.sources import IncomingAuthor, IncomingPost, PartFailure, Rejection
from socialgov.monitoring.models import AnalysisState, Author, Connector, Finding, Post, PostKind
from socialgov.monitoring.models.choices import OPEN_ALERT_STATUSES
from socialgov.monitoring.pipeline.bulk import insert_rows, update_rows
from socialgov.monitoring.pipeline.json_values import json_safe
from socialgov.monitoring.pipeline.linked import consented_part
from socialgov.monitoring.pipeline.route import ChannelDirectory, route
from socialgov.reports.rollups import rollups_refresh

logger = logging.getLogger(__name__)

AUTHOR_FIELDS = (
    "handle",
    "display_name",
    "bio",
    "avatar_url",
    "created_on_platform",
    "followers_count",
    "following_count",
    "posts_count",
)
COUNT_FIELDS = ("replies_count", "reposts_count", "likes_count", "quotes_count")
ROUTE_FIELDS = ("kind", "channel_id")
ANALYSIS_FIELDS = ("analysis_state", "analysis_claim", "analysis_attempts")
MAX_PROBLEMS_KEPT = 20
MAX_VERSIONS_KEPT = 10


@dataclass
class StoreResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deleted: int = 0


def content_hash(post: IncomingPost) -> str:
    material = "\x1f".join([post.text, post.language, post.url, post.reply_to_id])
    return hashlib.sha256(material.encode()).hexdigest()


def _author_values(author: IncomingAuthor) -> dict[str, Any]:
    return {
        "handle": author.handle,
        "display_name": author.display_name,
        "bio": author.bio,
        "avatar_url": author.avatar_url,
        "created_on_platform": author.created_at,
        "followers_count": author.followers_count,
        "following_count": author.following_count,
        "posts_count": author.posts_count,
    }


def _upsert_authors(posts: Sequence[IncomingPost]) -> dict[tuple[str, str], int]:
    incoming: dict[tuple[str, str], IncomingAuthor] = {}
    for post in posts:
        if post.author is not None:
            incoming[(post.author.platform, post.author.external_id)] = post.author
    if not incoming:
        return {}
    query = Q(pk__in=[])
    for platform in {key[0] for key in incoming}:
        query |= Q(platform=platform, external_id__in=[k[1] for k in incoming if k[0] == platform])
    # Plain tuples of what is compared: model instances of every known author cost more than
    # the rest of the upsert.
    known = Author.objects.filter(query).values_list(
        "platform", "external_id", "pk", *AUTHOR_FIELDS
    )
    existing = {(row[0], row[1]): row[2:] for row in known}
    missing = [
        Author(platform=key[0], external_id=key[1], **_author_values(author))
        for key, author in incoming.items()
        if key not in existing
    ]
    ids: dict[tuple[str, str], int] = {key: row[0] for key, row in existing.items()}
    if missing:
        # A concurrent worker may have stored the same author a moment ago: skip, do not fail.
        insert_rows(Author, missing)
        query = Q(pk__in=[])
        for platform in {row.platform for row in missing}:
            ids_of = [row.external_id for row in missing if row.platform == platform]
            query |= Q(platform=platform, external_id__in=ids_of)
        ids.update(
            ((platform, external_id), pk)
            for platform, external_id, pk in Author.objects.filter(query).values_list(
                "platform", "external_id", "pk"
            )
        )
    changed = []
    now = timezone.now()
    for key, author in incoming.items():
        if key not in existing:
            continue
        stored = dict(zip(AUTHOR_FIELDS, existing[key][1:], strict=True))
        # Sources that know less (Jetstream has no handle) must not erase what others told us.
        values = {k: v for k, v in _author_values(author).items() if v not in (None, "")}
        if any(stored[name] != value for name, value in values.items()):
            changed.append(Author(pk=ids[key], updated_at=now, **{**stored, **values}))
    if changed:
        update_rows(Author, changed, [*AUTHOR_FIELDS, "updated_at"])
    return ids


def _post_values(
    post: IncomingPost, author_id: int | None, channel_id: int | None, kind: str
) -> dict[str, Any]:
    return {
        "author_id": author_id,
        "text": post.text,
        "language": post.language,
        "published_at": post.created_at,
        "url": post.url,
        "kind": kind,
        "channel_id": channel_id,
        "reply_to_external_id": post.reply_to_id,
        "quote_of_external_id": post.quote_of_id,
        "repost_of_external_id": post.repost_of_id,
        "replies_count": post.replies_count,
        "reposts_count": post.reposts_count,
        "likes_count": post.likes_count,
        "quotes_count": post.quotes_count,
        "mentions": list(post.mentions),
        "raw": json_safe(dict(post.raw)),
        "content_hash": content_hash(post),
    }


def _own_post_channels(posts: Sequence[IncomingPost]) -> dict[str, int]:
    reply_ids = {p.reply_to_id for p in posts if p.reply_to_id}
    if not reply_ids:
        return {}
    rows = Post.objects.filter(
        external_id__in=reply_ids, kind=PostKind.OWN_POST, channel__isnull=False
    ).values_list("external_id", "channel_id")
    return {external_id: channel_id for external_id, channel_id in rows if channel_id}


def posts_store(
    *,
    posts: Sequence[IncomingPost],
    connector: Connector | None = None,
    cursor: Mapping[str, Any] | None = None,
    rejected: Sequence[Rejection] = (),
    failures: Sequence[PartFailure] = (),
    directory: ChannelDirectory | None = None,
) -> StoreResult:
    """Store a batch and, in the same transaction, the connector cursor that follows it."""
    unique, deletes = _last_word_of(posts)
    directory = directory or ChannelDirectory.load()
    result = StoreResult(rejected=len(rejected))
    with transaction.atomic():
        result.deleted = posts_mark_deleted(list(deletes), now=timezone.now())
        author_ids = _upsert_authors(list(unique.values()))
        routes = _routes_of(
            unique, directory, default_channel=connector.channel_id if connector else None
        )
        unique, routes = consented_part(connector, unique, routes)
        existing = _known_posts(unique)
        now = timezone.now()
        changes = _Changes()
        for key, post in unique.items():
            author_id = (
                author_ids.get((post.author.platform, post.author.external_id))
                if post.author
                else None
            )
            changes.sort(post, routes[key], existing.get(key), author_id, connector, now)
        _write_changes(changes, now)
        rollups_refresh(posts=[*changes.new_rows, *changes.edited, *changes.rerouted, *changes.old])
        result.created = len(changes.new_rows)
        result.updated = len(changes.edited) + len(changes.rerouted)
        result.unchanged += len(changes.recounted) + changes.unchanged
        if connector is not None:
            _record_batch(
                connector, cursor, unique.values(), rejected, len(changes.new_rows), now, failures
            )
    return result


Key = tuple[str, str]


def _last_word_of(
    posts: Sequence[IncomingPost],
) -> tuple[dict[Key, IncomingPost], dict[Key, IncomingPost]]:
    """The posts to store and those to delete: the last word in a batch wins."""
    unique: dict[Key, IncomingPost] = {}
    deletes: dict[Key, IncomingPost] = {}
    for post in posts:
        key = (post.platform, post.external_id)
        # A post created then deleted in one batch is deleted.
        (deletes if post.deleted else unique)[key] = post
        (unique if post.deleted else deletes).pop(key, None)
    return unique, deletes


def _known_posts(unique: Mapping[Key, IncomingPost]) -> dict[Key, Post]:
    query = Q(pk__in=[])
    for platform in {key[0] for key in unique}:
        query |= Q(platform=platform, external_id__in=[k[1] for k in unique if k[0] == platform])
    # Only what the comparison needs: loading the raw payloads of every known post would
    # cost more than the batch itself.
    known = Post.objects.filter(query).only(
        "id", "platform", "external_id", "content_hash", "deleted_at", *ROUTE_FIELDS,
        *COUNT_FIELDS,
    )  # fmt: skip
    return {(p.platform, p.external_id): p for p in known}


def _routes_of(
    unique: Mapping[Key, IncomingPost], directory: ChannelDirectory, *, default_channel: int | None
) -> dict[Key, tuple[int | None, str]]:
    own_posts = _own_post_channels(list(unique.values()))
    routes = {
        key: route(post, directory, default_channel_id=default_channel, own_post_channels=own_posts)
        for key, post in unique.items()
    }
    # Replies to own posts of this same batch are comments too.
    own_posts.update(
        {
            key[1]: channel
            for key, (channel, kind) in routes.items()
            if kind == "own_post" and channel
        }
    )
    for key, post in unique.items():
        if post.reply_to_id in own_posts and routes[key][1] != "comment":
            routes[key] = route(
                post, directory, default_channel_id=default_channel, own_post_channels=own_posts
            )
    return routes


@dataclass
class _Changes:
    """What a batch changes in the stored posts, sorted by how each is written."""

    new_rows: list[Post] = dataclasses.field(default_factory=list)
    edited: list[Post] = dataclasses.field(default_factory=list)
    recounted: list[Post] = dataclasses.field(default_factory=list)
    rerouted: list[Post] = dataclasses.field(default_factory=list)
    old: list[Post] = dataclasses.field(default_factory=list)  # where edits were counted before
    unchanged: int = 0

    def sort(
        self,
        post: IncomingPost,
        routed: tuple[int | None, str],
        row: Post | None,
        author_id: int | None,
        connector: Connector | None,
        now: dt.datetime,
    ) -> None:
        channel_id, kind = routed
        if row is not None:
            channel_id, kind = kept_route(row, channel_id, kind)
        values = _post_values(post, author_id, channel_id, kind)
        if row is None:
            self.new_rows.append(
                Post(
                    platform=post.platform,
                    external_id=post.external_id,
                    connector=connector,
                    linked_account_id=connector.linked_account_id if connector else None,
                    **values,
                )
            )
        elif row.deleted_at is not None:
            self.unchanged += 1  # a late copy of a deleted post does not revive it
        elif row.content_hash == values["content_hash"] and row.kind != kind:
            self.old.append(Post(channel_id=row.channel_id, published_at=row.published_at))
            row.kind, row.channel_id = kind, channel_id  # analysed again for its new kind
            row.analysis_state = AnalysisState.PENDING
            row.analysis_claim, row.analysis_attempts = "", 0
            self.rerouted.append(row)
        elif row.content_hash != values["content_hash"]:
            self.old.append(Post(channel_id=row.channel_id, published_at=row.published_at))
            for name, value in values.items():
                setattr(row, name, value)
            row.analysis_state = AnalysisState.PENDING
            row.analysis_claim = ""
            row.analysis_attempts = 0
            row.edited_at = post.edited_at or now
            self.edited.append(row)
        elif any(getattr(row, name) != values[name] for name in COUNT_FIELDS):
            for name in COUNT_FIELDS:
                setattr(row, name, values[name])
            self.recounted.append(row)
        else:
            self.unchanged += 1


def _write_changes(changes: _Changes, now: dt.datetime) -> None:
    if changes.new_rows:
        # A concurrent worker may have stored the same post a moment ago: skip, do not fail.
        insert_rows(Post, changes.new_rows)
    if changes.edited:
        _keep_versions(changes.edited, now)
        fields = [*_post_values_names(), *ANALYSIS_FIELDS, "edited_at"]
        update_rows(Post, changes.edited, fields)
    if changes.recounted:
        update_rows(Post, changes.recounted, COUNT_FIELDS)
    if changes.rerouted:
        update_rows(Post, changes.rerouted, [*ROUTE_FIELDS, *ANALYSIS_FIELDS])


def kept_route(row: Post, channel_id: int | None, kind: str) -> tuple[int | None, str]:
    """A post stored as a mention (comment, message…) stays one when a timeline that cannot
    tell sees it again, whichever came first (Mastodon's hashtag timeline and notifications)."""
    if kind == PostKind.OTHER and row.kind != PostKind.OTHER:
        return row.channel_id, row.kind
    return channel_id, kind


def _keep_versions(edited: Sequence[Post], now: dt.datetime) -> None:
    """Each edit keeps the text it replaces in `raw["versions"]` (newest first, bounded), so
    an edited post can be read as it was when it was analysed or alerted on."""
    before = dict(Post.objects.filter(pk__in=[row.pk for row in edited]).values_list("pk", "raw"))
    texts = dict(Post.objects.filter(pk__in=[row.pk for row in edited]).values_list("pk", "text"))
    for row in edited:
        old_raw = before.get(row.pk) if isinstance(before.get(row.pk), dict) else {}
        assert isinstance(old_raw, dict)
        versions = old_raw.get("versions") if isinstance(old_raw.get("versions"), list) else []
        assert isinstance(versions, list)
        replaced = {"text": texts.get(row.pk, ""), "replaced_at": now.isoformat()}
        row.raw = {**row.raw, "versions": [replaced, *versions][:MAX_VERSIONS_KEPT]}


def posts_mark_deleted(keys: Sequence[tuple[str, str]], *, now: dt.datetime) -> int:
    """Mark posts the platform deleted. Their text is cleared unless an open alert holds one
    of their findings as evidence or a legal hold covers them; findings stay (they are the
    alert history). Unknown posts are ignored: there is nothing to keep of a post never stored."""
    if not keys:
        return 0
    query = Q(pk__in=[])
    for platform in {key[0] for key in keys}:
        query |= Q(platform=platform, external_id__in=[k[1] for k in keys if k[0] == platform])
    rows = Post.objects.filter(query, deleted_at__isnull=True)
    held = Q(findings__alerts__status__in=OPEN_ALERT_STATUSES) | Q(pk__in=held_post_ids())
    evidence = set(rows.filter(held).values_list("pk", flat=True))
    marked = rows.exclude(pk__in=evidence).update(deleted_at=now, text="", raw={"deleted": True})
    marked += Post.objects.filter(pk__in=evidence).update(deleted_at=now)
    return marked


def _post_values_names() -> list[str]:
    return [
        "author_id",
        "text",
        "language",
        "published_at",
        "url",
        "kind",
        "channel_id",
        "reply_to_external_id",
        "quote_of_external_id",
        "repost_of_external_id",
        *COUNT_FIELDS,
        "mentions",
        "raw",
        "content_hash",
    ]


def _record_batch(
    connector: Connector,
    cursor: Mapping[str, Any] | None,
    posts: Any,
    rejected: Sequence[Rejection],
    created: int,
    now: dt.datetime,
    failures: Sequence[PartFailure] = (),
) -> None:
    problems = [
        {"at": now.isoformat(), "reason": item.reason[:300], "sample": item.sample[:200]}
        for item in rejected
    ]
    problems += [
        {"at": now.isoformat(), "reason": f"failed: {f.error}"[:300], "sample": f.part[:200]}
        for f in failures
    ]
    problems += [
        {"at": now.isoformat(), "reason": note[:300], "sample": post.external_id[:200]}
        for post in posts
        for note in post.notes
    ]
    for problem in problems[:5]:
        logger.warning("connector %s: %s (%s)", connector.pk, problem["reason"], problem["sample"])
    updates: dict[str, Any] = {
        "posts_received": F("posts_received") + created,
        "items_rejected": F("items_rejected") + len(rejected),
    }
    if cursor is not None:
        updates["cursor"] = dict(cursor)
        connector.cursor = dict(cursor)
    if problems:
        kept = (problems + list(connector.recent_problems or []))[:MAX_PROBLEMS_KEPT]
        updates["recent_problems"] = kept
        connector.recent_problems = kept
    Connector.objects.filter(pk=connector.pk).update(**updates)


def with_stored_ids(findings: list[Finding]) -> list[Finding]:
    """Give findings written by `insert_rows` their stored ids (a retried batch finds the rows
    stored the first time); returns them."""
    if not findings:
        return findings
    stored = {
        (post_id, fingerprint): pk
        for pk, post_id, fingerprint in Finding.objects.filter(
            post_id__in={row.post_id for row in findings},
            fingerprint__in=[row.fingerprint for row in findings],
        ).values_list("pk", "post_id", "fingerprint")
    }
    for row in findings:
        row.pk = stored[(row.post_id, row.fingerprint)]
    return findings
