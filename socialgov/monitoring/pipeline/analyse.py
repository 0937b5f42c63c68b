"""The analysis stage: stored posts through the post analyzers, findings stored, alerts raised.

`analyse_pending` claims stored posts, runs the analyzer outside any transaction, then in one
transaction stores the findings (unique per post and fingerprint), raises or extends alerts and
marks the posts analysed. Notifications go out on commit.

At least once with idempotent effects: a worker killed anywhere leaves its posts pending (the
claim expires) and the retry finds the same findings and the same open alert. A post that
makes the analyzer fail several times is set aside as failed instead of blocking the rest.

The analyzer is one `Analyze` callable on a batch: by default the engine's analyzers
(`socialgov.engine.analyzers`); a deployment can point SOCIALGOV_ANALYZER at any callable
with this signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from socialgov.engine import types as engine_types
from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.reasons import reason_messages
from socialgov.monitoring.models import AnalysisState, Finding, Post
from socialgov.monitoring.models.choices import MENTION_KINDS
from socialgov.monitoring.pipeline.alert import active_rules, alerts_raise
from socialgov.monitoring.pipeline.bulk import insert_rows
from socialgov.monitoring.pipeline.store import with_stored_ids
from socialgov.reports.rollups import rollups_refresh

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class PostForAnalysis:
    id: int
    platform: str
    text: str
    language: str
    kind: str
    published_at: dt.datetime
    channel_id: int | None = None
    channel_handle: str = ""
    author_handle: str = ""
    author_followers: int | None = None


@dataclass(frozen=True, slots=True)
class FindingResult:
    post_id: int
    analyzer: str
    kind: str
    score: float
    reason: str
    start: int | None = None
    end: int | None = None


Analyze = Callable[[Sequence[PostForAnalysis]], Iterable[FindingResult]]

# Findings that say "nothing here" are not stored: they would double the rows for no alert.
QUIET_KINDS = frozenset(
    {"not_toxic", "neutral", "positive", "not_complaint", "no_complaint", "none", "ok"}
)
QUIET_ANALYZERS = frozenset({"language"})


def _engine_analyzer() -> Analyze:
    analyzers = build()

    def analyze(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
        converted = [
            engine_types.Post(
                id=post.id,
                text=post.text,
                lang=post.language or None,
                platform=post.platform,
                author=post.author_handle or None,
                created_at=post.published_at,
                channel=post.channel_handle or None,
            )
            for post in posts
        ]
        for post, findings in zip(posts, analyze_batch(analyzers, converted), strict=True):
            for finding in findings:
                yield FindingResult(
                    post_id=post.id,
                    analyzer=finding.analyzer,
                    kind=finding.kind,
                    score=finding.score,
                    reason=finding.reason,
                    start=finding.start,
                    end=finding.end,
                )

    return analyze


@cache
def default_analyzer() -> Analyze:
    if settings.SOCIALGOV_ANALYZER:
        configured: Analyze = import_string(settings.SOCIALGOV_ANALYZER)
        return configured
    return _engine_analyzer()


def claim_timeout() -> dt.timedelta:
    """After this long, posts claimed by a worker that died go back to the queue."""
    return dt.timedelta(seconds=settings.SOCIALGOV_ANALYSIS_CLAIM_SECONDS)


MAX_ANALYSIS_ATTEMPTS = 3
# What analysis, the rules and the rollups read of a claimed post: its raw payload and the
# rest of the row would be decoded for nothing.
ANALYSED_FIELDS = (
    "id", "platform", "text", "language", "kind", "published_at", "content_hash",
    "channel", "linked_account", "channel__handle", "author__handle",
    "author__followers_count",
)  # fmt: skip
DEFAULT_BATCH = 500


@dataclass
class AnalyseResult:
    posts: int = 0
    findings: int = 0
    alerts: int = 0
    failed: int = 0


def pending_count() -> int:
    return Post.objects.filter(analysis_state=AnalysisState.PENDING).count()


def _claimable(now: dt.datetime) -> Q:
    return Q(analysis_state=AnalysisState.PENDING) & (
        Q(analysis_claim="") | Q(analysis_claimed_at__lt=now - claim_timeout())
    )


def posts_claim(*, limit: int, now: dt.datetime) -> tuple[str, list[int]]:
    """Claim up to `limit` pending posts, so several workers share the queue without taking
    the same posts. On PostgreSQL the candidate rows are locked with SKIP LOCKED, so a second
    worker takes the next rows at once instead of queueing behind the first; everywhere the
    conditional update (still claimable) is what guarantees a post is claimed once."""
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = Post.objects.filter(_claimable(now)).order_by("id")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True, of=("self",))
        ids = list(candidates.values_list("id", flat=True)[:limit])
        if not ids:
            return token, []
        Post.objects.filter(_claimable(now), id__in=ids).update(
            analysis_claim=token,
            analysis_claimed_at=now,
            analysis_attempts=F("analysis_attempts") + 1,
        )
    return token, list(
        Post.objects.filter(analysis_claim=token).order_by("id").values_list("id", flat=True)
    )


def _for_analysis(post: Post) -> PostForAnalysis:
    return PostForAnalysis(
        id=post.pk,
        platform=post.platform,
        text=post.text,
        language=post.language,
        kind=post.kind,
        published_at=post.published_at,
        channel_id=post.channel_id,
        channel_handle=post.channel.handle if post.channel else "",
        author_handle=post.author.handle if post.author else "",
        author_followers=post.author.followers_count if post.author else None,
    )


def fingerprint(post: Post, result: FindingResult) -> str:
    material = "\x1f".join(
        [
            post.content_hash,
            result.analyzer,
            result.kind,
            str(result.start if result.start is not None else ""),
            str(result.end if result.end is not None else ""),
        ]
    )
    return hashlib.sha256(material.encode()).hexdigest()


def _analyse_isolating_failures(
    analyze: Analyze, inputs: list[PostForAnalysis]
) -> tuple[list[FindingResult], list[int]]:
    try:
        return list(analyze(inputs)), []
    except Exception:
        logger.exception("analysis of a batch of %d posts failed; retrying one by one", len(inputs))
    results: list[FindingResult] = []
    failed: list[int] = []
    for item in inputs:
        try:
            results.extend(analyze([item]))
        except Exception:
            logger.exception("analysis of post %s failed", item.id)
            failed.append(item.id)
    return results, failed


def _finding_rows(
    posts: dict[int, Post], results: Iterable[FindingResult]
) -> tuple[list[Finding], dict[int, str]]:
    """The findings worth storing, and the languages detected for posts that had none."""
    languages: dict[int, str] = {}
    rows = []
    for result in results:
        post = posts.get(result.post_id)
        if post is None:
            continue
        if result.analyzer in QUIET_ANALYZERS:
            if result.analyzer == "language" and not post.language and result.score >= 0.5:
                languages[post.pk] = result.kind[:20]
            continue
        if result.kind.lower() in QUIET_KINDS:
            continue
        rows.append(
            Finding(
                post=post,
                analyzer=result.analyzer[:60],
                kind=result.kind[:80],
                category=engine_types.category_of(result.analyzer),
                score=min(1.0, max(0.0, float(result.score))),
                span_start=result.start if result.start is not None and result.start >= 0 else None,
                span_end=result.end if result.end is not None and result.end >= 0 else None,
                reason=result.reason[:500],
                reason_message=reason_messages(result.reason),
                fingerprint=fingerprint(post, result),
            )
        )
    return rows, languages


def _raise_alerts(rows: list[Finding], now: dt.datetime) -> int:
    # Only findings that some rule wants need their stored id (for the evidence rows); the
    # rest stay as written. A retried batch finds the ids of the rows stored the first time.
    rules = active_rules()
    # Findings on a linked private account's posts raise no alert: an alert reaches channel
    # owners and analysts, and those posts are for the employee and the governance lead only.
    wanted = [
        row
        for row in rows
        if row.post.linked_account_id is None and any(rule.matches(row) for rule in rules)
    ]
    if not wanted:
        return 0
    with_stored_ids(wanted)
    return len(alerts_raise(findings=wanted, now=now, rules=rules))


def _negative_mentions(posts: dict[int, Post], rows: list[Finding]) -> list[Post]:
    """The posts whose hour buckets analysis changes: the rollups count posts at intake, and
    of the findings only a negative sentiment on a mention (which analysis only ever adds)."""
    negative = {
        row.post_id for row in rows if row.analyzer == "sentiment" and row.kind == "negative"
    }
    return [posts[pk] for pk in negative if posts[pk].kind in MENTION_KINDS]


def _set_languages(languages: dict[int, str]) -> None:
    by_language: dict[str, list[int]] = {}
    for pk, language in languages.items():
        by_language.setdefault(language, []).append(pk)
    for language, pks in by_language.items():
        Post.objects.filter(pk__in=pks, language="").update(language=language)


def _release(*, token: str, ids: list[int], failed: list[int], now: dt.datetime) -> int:
    """Mark the batch analysed; returns how many failing posts were given up on."""
    done = [pk for pk in ids if pk not in failed]
    Post.objects.filter(pk__in=done, analysis_claim=token).update(
        analysis_state=AnalysisState.DONE, analysis_claim="", analysed_at=now
    )
    if not failed:
        return 0
    given_up = Post.objects.filter(
        pk__in=failed, analysis_claim=token, analysis_attempts__gte=MAX_ANALYSIS_ATTEMPTS
    ).update(analysis_state=AnalysisState.FAILED, analysis_claim="")
    # The others go back to the queue for another attempt.
    Post.objects.filter(pk__in=failed, analysis_claim=token).update(analysis_claim="")
    return given_up


def analyse_pending(
    *,
    limit: int = DEFAULT_BATCH,
    analyze: Analyze | None = None,
    now: dt.datetime | None = None,
) -> AnalyseResult:
    """Analyse one batch of stored posts; returns what it did (zero posts: queue empty)."""
    now = now or timezone.now()
    analyze = analyze or default_analyzer()
    token, ids = posts_claim(limit=limit, now=now)
    if not ids:
        return AnalyseResult()
    posts = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids)
        .select_related("author", "channel")
        .only(*ANALYSED_FIELDS)
    }
    inputs = [_for_analysis(posts[pk]) for pk in ids if pk in posts]
    results, failed = _analyse_isolating_failures(analyze, inputs)
    rows, languages = _finding_rows(posts, results)
    with transaction.atomic():
        insert_rows(Finding, rows)
        _set_languages(languages)
        given_up = _release(token=token, ids=ids, failed=failed, now=now)
        # What other workers share (the hour buckets, the open alerts) is locked last, so it
        # is held for the shortest time, and after the posts, the order in which intake
        # locks them too: a worker and intake never wait for each other in a cycle.
        rollups_refresh(posts=_negative_mentions(posts, rows))
        alerts = _raise_alerts(rows, now)
    return AnalyseResult(
        posts=len(inputs) - len(failed), findings=len(rows), alerts=alerts, failed=given_up
    )


def analyse_until_idle(
    *, limit: int = DEFAULT_BATCH, analyze: Analyze | None = None
) -> AnalyseResult:
    total = AnalyseResult()
    while True:
        result = analyse_pending(limit=limit, analyze=analyze)
        if not result.posts and not result.failed:
            return total
        total.posts += result.posts
        total.findings += result.findings
        total.alerts += result.alerts
        total.failed += result.failed


def analyse_for(*, seconds: float = 4.0, limit: int = DEFAULT_BATCH) -> AnalyseResult:
    """Analyse batch after batch for about `seconds` (the periodic Celery job: short enough
    to leave the worker to other jobs, long enough to keep up with intake)."""
    deadline = time.monotonic() + seconds
    total = AnalyseResult()
    while time.monotonic() < deadline:
        result = analyse_pending(limit=limit)
        total.posts += result.posts
        total.findings += result.findings
        total.alerts += result.alerts
        total.failed += result.failed
        if not result.posts and not result.failed:
            break
    return total
