"""fetch → store → analyse → detect → alert, idempotent at every step.

- fetch/store: `poll.connector_poll` stores each batch with its cursor (store.posts_store).
- analyse: `analyse_pending` claims stored posts, runs the analyzer and the stream hooks
  outside any transaction, then in one transaction stores the findings (unique per post and
  fingerprint), raises or extends alerts and marks the posts analysed. Notifications go out
  on commit.

At least once with idempotent effects: a worker killed anywhere leaves its posts pending (the
claim expires) and the retry finds the same findings and the same open alert. A post that
makes the analyzer fail several times is set aside as failed instead of blocking the rest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from socialgov.monitoring.models import AnalysisState, Finding, Post
from socialgov.monitoring.pipeline.alert import active_rules, alerts_raise
from socialgov.monitoring.pipeline.analyse_seam import (
    QUIET_ANALYZERS,
    QUIET_KINDS,
    Analyze,
    FindingResult,
    PostForAnalysis,
    category_of,
    default_analyzer,
    stream_hooks,
)
from socialgov.monitoring.pipeline.store import insert_rows

logger = logging.getLogger(__name__)


def claim_timeout() -> dt.timedelta:
    """After this long, posts claimed by a worker that died go back to the queue."""
    return dt.timedelta(seconds=settings.SOCIALGOV_ANALYSIS_CLAIM_SECONDS)


MAX_ANALYSIS_ATTEMPTS = 3
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
    """Claim up to `limit` pending posts with a conditional update, so several workers can
    share the queue without taking the same posts."""
    token = uuid.uuid4().hex
    ids = list(
        Post.objects.filter(_claimable(now)).order_by("id").values_list("id", flat=True)[:limit]
    )
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


def _run(analyze: Analyze, inputs: Sequence[PostForAnalysis]) -> list[FindingResult]:
    results = list(analyze(inputs))
    for hook in stream_hooks():
        results.extend(hook(inputs))
    return results


def _analyse_isolating_failures(
    analyze: Analyze, inputs: list[PostForAnalysis]
) -> tuple[list[FindingResult], list[int]]:
    try:
        return _run(analyze, inputs), []
    except Exception:
        logger.exception("analysis of a batch of %d posts failed; retrying one by one", len(inputs))
    results: list[FindingResult] = []
    failed: list[int] = []
    for item in inputs:
        try:
            results.extend(_run(analyze, [item]))
        except Exception:
            logger.exception("analysis of post %s failed", item.id)
            failed.append(item.id)
    return results, failed


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
        for post in Post.objects.filter(pk__in=ids).select_related("author", "channel")
    }
    inputs = [_for_analysis(posts[pk]) for pk in ids if pk in posts]
    results, failed = _analyse_isolating_failures(analyze, inputs)
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
                category=category_of(result.analyzer),
                score=min(1.0, max(0.0, float(result.score))),
                span_start=result.start if result.start is not None and result.start >= 0 else None,
                span_end=result.end if result.end is not None and result.end >= 0 else None,
                reason=result.reason[:500],
                fingerprint=fingerprint(post, result),
            )
        )
    outcome = AnalyseResult(posts=len(inputs) - len(failed), failed=0)
    with transaction.atomic():
        insert_rows(Finding, rows)
        outcome.findings = len(rows)
        # Only findings that some rule wants need their stored id (for the evidence rows); the
        # rest stay as written. A retried batch finds the ids of the rows stored the first time.
        rules = active_rules()
        wanted = [row for row in rows if any(rule.matches(row) for rule in rules)]
        if wanted:
            stored_ids = {
                (post_id, fingerprint): pk
                for pk, post_id, fingerprint in Finding.objects.filter(
                    post_id__in={row.post_id for row in wanted},
                    fingerprint__in=[row.fingerprint for row in wanted],
                ).values_list("pk", "post_id", "fingerprint")
            }
            for row in wanted:
                row.pk = stored_ids[(row.post_id, row.fingerprint)]
            outcome.alerts = len(alerts_raise(findings=wanted, now=now, rules=rules))
        by_language: dict[str, list[int]] = {}
        for pk, language in languages.items():
            by_language.setdefault(language, []).append(pk)
        for language, pks in by_language.items():
            Post.objects.filter(pk__in=pks, language="").update(language=language)
        done = [pk for pk in ids if pk not in failed]
        Post.objects.filter(pk__in=done, analysis_claim=token).update(
            analysis_state=AnalysisState.DONE, analysis_claim="", analysed_at=now
        )
        if failed:
            given_up = Post.objects.filter(
                pk__in=failed, analysis_claim=token, analysis_attempts__gte=MAX_ANALYSIS_ATTEMPTS
            ).update(analysis_state=AnalysisState.FAILED, analysis_claim="")
            # The others go back to the queue for another attempt.
            Post.objects.filter(pk__in=failed, analysis_claim=token).update(analysis_claim="")
            outcome.failed = given_up
    return outcome


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
    import time

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
