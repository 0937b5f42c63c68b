"""Account compromise in the pipeline: the organisation's own posts on each channel scored
against that channel's own history. The habits are rebuilt from the stored history each batch
(own accounts post little), so there is no memory to lose or to double on a retry."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from socialgov.channels.models import Channel
from socialgov.core.selectors import analysts
from socialgov.core.texts import Message
from socialgov.engine.detectors.compromise import CompromiseAlert, CompromiseDetector, OwnPost
from socialgov.monitoring.models import OPEN_ALERT_STATUSES, Alert, Finding, Post, PostKind
from socialgov.monitoring.pipeline.alert import alert_notify, alert_open, evidence_add
from socialgov.monitoring.pipeline.detector_alerts import (
    COMPROMISE,
    detector_rule,
    evidence_findings,
)
from socialgov.monitoring.pipeline.kris import TOXIC_ANALYZERS

logger = logging.getLogger(__name__)

HISTORY_POSTS = 400


def _source(raw: Any) -> str:
    """The client application, where the platform reports it (X `source`, Mastodon
    `application.name`)."""
    if not isinstance(raw, dict):
        return ""
    source = raw.get("source")
    if isinstance(source, str):
        return source[:200]
    application = raw.get("application")
    if isinstance(application, dict) and isinstance(application.get("name"), str):
        return str(application["name"])[:200]
    return ""


def tone_scores(channel_ids: Iterable[int]) -> tuple[dict[int, float], dict[int, float]]:
    """The highest toxicity and the negativity the analysis stage found in each own post of
    these channels, in one query for all the channels of a batch and no list of every post in
    their history. A post without a finding scored below the analyzer's threshold: the caller
    counts it as 0. A sentiment finding keeps the winning label's probability only: a negative
    finding's score is the negativity; otherwise the negativity is below both the winner's and
    the rest, so half the rest is the estimate (it matters only when high, which a post whose
    winning label is not negative never is)."""
    toxicity: dict[int, float] = {}
    negativity: dict[int, float] = {}
    for post, analyzer, kind, score in Finding.objects.filter(
        post__channel_id__in=list(channel_ids),
        post__kind=PostKind.OWN_POST,
        analyzer__in=(*TOXIC_ANALYZERS, "sentiment"),
    ).values_list("post", "analyzer", "kind", "score"):
        if analyzer == "sentiment":
            negativity[post] = score if kind == "negative" else (1.0 - score) / 2
        else:
            toxicity[post] = max(score, toxicity.get(post, 0.0))
    return toxicity, negativity


def own_post(
    post: Post, raw: Any, toxicity: float | None = None, negativity: float | None = None
) -> OwnPost:
    return OwnPost(
        id=str(post.pk),
        account=str(post.channel_id),
        created_at=post.published_at,
        text=post.text,
        source=_source(raw),
        lang=(post.language or "").lower()[:20],
        toxicity=None if toxicity is None else max(0.0, min(1.0, toxicity)),
        negativity=None if negativity is None else max(0.0, min(1.0, negativity)),
    )


def _history(channel_id: int, before_id: int) -> list[Post]:
    """The channel's latest own posts before the batch, oldest first."""
    history = list(
        Post.objects.filter(channel_id=channel_id, kind=PostKind.OWN_POST, id__lte=before_id)
        .order_by("-published_at", "-id")
        .only("id", "channel_id", "published_at", "text", "raw", "language")[:HISTORY_POSTS]
    )
    history.reverse()
    return history


def compromise_detect(
    posts: Sequence[Post], *, before_id: int, now: dt.datetime
) -> tuple[int, set[int]]:
    """Returns (alerts opened, channels with a new compromise alert)."""
    by_channel: dict[int, list[Post]] = {}
    for post in posts:
        if post.kind == PostKind.OWN_POST and post.channel_id is not None:
            by_channel.setdefault(post.channel_id, []).append(post)
    if not by_channel:
        return 0, set()
    toxic, negative = tone_scores(by_channel)
    # The batch's posts come without their payloads (decoded JSON): only own posts need one.
    own_ids = [post.pk for batch in by_channel.values() for post in batch]
    payloads = dict(Post.objects.filter(pk__in=own_ids).values_list("id", "raw"))
    opened = 0
    changed: set[int] = set()
    for channel_id, new_posts in by_channel.items():
        history = _history(channel_id, before_id)
        detector = CompromiseDetector()
        found: list[tuple[Post, CompromiseAlert]] = []
        try:
            for old in history:
                detector.add(
                    own_post(old, old.raw, toxic.get(old.pk, 0.0), negative.get(old.pk, 0.0))
                )
            for post in sorted(new_posts, key=lambda p: (p.published_at, p.pk)):
                alert = detector.add(
                    own_post(
                        post,
                        payloads.get(post.pk),
                        toxic.get(post.pk, 0.0),
                        negative.get(post.pk, 0.0),
                    )
                )
                if alert is not None:
                    found.append((post, alert))
        except Exception:  # hostile history must not stop the batch
            logger.exception("compromise detector failed on channel %s", channel_id)
            continue
        if found and _raise(channel_id, found, now):
            opened += 1
            changed.add(channel_id)
    return opened, changed


def _raise(channel_id: int, found: list[tuple[Post, CompromiseAlert]], now: dt.datetime) -> bool:
    """Join the channel's open takeover alert, or open one; True when opened."""
    key = f"compromise:channel:{channel_id}"
    alert = (
        Alert.objects.select_for_update()
        .filter(group_key=key, status__in=OPEN_ALERT_STATUSES)
        .first()
    )
    created = False
    if alert is None:
        rule = detector_rule(COMPROMISE)
        if not rule.is_active:
            return False
        channel = Channel.objects.select_related("owner").filter(pk=channel_id).first()
        alert = alert_open(
            rule=rule,
            key=key,
            title=Message("monitoring.alert.takeover", {"channel": str(channel or channel_id)}),
            channel=channel,
            owner=channel.owner if channel else None,
            now=now,
        )
        created = True
    evidence = []
    for post, found_alert in found:
        evidence.extend(
            evidence_findings(
                [post],
                analyzer="compromise",
                kind="suspected_takeover",
                score=found_alert.score,
                reason=found_alert.reasons,
                key=key,
            )
        )
    evidence_add(alert, evidence, now)
    if created:
        alert_notify(alert, also=analysts())
    return created
