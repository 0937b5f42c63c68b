"""Spikes in the pipeline: a mention per stored post about a channel, the detector's memory
kept per channel in the database, and one alert per surge, updated as it grows, peaks and ends."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from importlib.util import find_spec
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from socialgov.channels.models import Channel
from socialgov.core.audit import audit_record
from socialgov.core.texts import Message, stored
from socialgov.engine.detectors import spike_state
from socialgov.engine.detectors.engine_sentiment import engine_sentiment, engine_sentiments
from socialgov.engine.detectors.mention_sentiment import sentiment_value
from socialgov.engine.detectors.spikes import Mention, SpikeDetector, SpikeEvent
from socialgov.engine.detectors.streams import parse_timestamp
from socialgov.monitoring.models import (
    Post,
    SpikeBrandState,
    SpikeIncident,
    SpikeStatus,
)
from socialgov.monitoring.models.choices import MENTION_KINDS
from socialgov.monitoring.pipeline.alert import alert_notify, alert_open, evidence_add
from socialgov.monitoring.pipeline.detector_alerts import SPIKE, detector_rule, evidence_findings
from socialgov.monitoring.texts import where

logger = logging.getLogger(__name__)

NEGATIVE_KINDS = ("negative_volume", "negative_share")


def brand_key(channel_id: int) -> str:
    return f"channel:{channel_id}"


def sentiment_function() -> Callable[[str], float | str]:
    path = getattr(settings, "SOCIALGOV_SENTIMENT_FN", "")
    if not path:
        return engine_sentiment
    try:
        function: Callable[[str], float | str] = import_string(path)
    except ImportError:
        logger.error("SOCIALGOV_SENTIMENT_FN: cannot import %s; using the analysis engine", path)
        return engine_sentiment
    return function


def engine_judged_every_post() -> bool:
    """With the analysis engine as the pipeline's analyzer every post got a sentiment; only
    the non-negative ones were not stored (they are quiet kinds), so none is missing."""
    engine = find_spec("socialgov.engine.analyzers")
    return not settings.SOCIALGOV_ANALYZER and engine is not None


def _sentiments(posts: Sequence[Post], stored: dict[int, float]) -> dict[int, float]:
    """The analysis engine's finding when one was stored (negative ones are); the others are
    asked of the sentiment hook, in one batch when the hook is the engine's."""
    values = dict(stored)
    if engine_judged_every_post():
        return {post.pk: values.get(post.pk, 0.0) for post in posts}
    missing = [post for post in posts if post.pk not in stored]
    function = sentiment_function()
    if function is engine_sentiment:
        for post, value in zip(missing, engine_sentiments([p.text for p in missing]), strict=True):
            values[post.pk] = value
    else:
        for post in missing:
            values[post.pk] = sentiment_value(function(post.text)) or 0.0
    return values


def _restore(brands: set[str]) -> SpikeDetector:
    function = sentiment_function()
    detector = SpikeDetector(sentiment_fn=function)
    for row in SpikeBrandState.objects.filter(brand__in=brands):
        try:
            one = {"brands": {row.brand: row.state}, "dropped_brands": 0}
            saved = spike_state.restore(
                {"version": spike_state.VERSION, **one}, sentiment_fn=function
            )
        except spike_state.StateError:
            logger.warning("spike memory of %s is damaged; starting it afresh", row.brand)
            continue
        detector.brands[row.brand] = saved.brands[row.brand]
    return detector


def _save(detector: SpikeDetector, brands: set[str]) -> None:
    data = spike_state.snapshot(detector)["brands"]
    for brand in brands:
        if brand in data:
            SpikeBrandState.objects.update_or_create(brand=brand, defaults={"state": data[brand]})


SPIKE_KINDS = ("volume", "negative_volume", "negative_share")


def _title(kind: str, channel: Channel | None, status: str) -> Message:
    kind = kind if kind in SPIKE_KINDS else "volume"
    status = status if status in SpikeStatus.values else SpikeStatus.GROWING
    return Message(
        "monitoring.alert.spike",
        {
            "what": Message(f"monitoring.spike.{kind}"),
            "where": where(channel),
            "state": Message(f"monitoring.spike_status.{status}"),
        },
    )


def spikes_detect(
    posts: Sequence[Post], stored_sentiment: dict[int, float], now: dt.datetime
) -> tuple[int, set[int]]:
    """Feed the batch's mentions to the detector; returns (alerts opened, channels whose
    spike count changed)."""
    mentions = [p for p in posts if p.channel_id is not None and p.kind in MENTION_KINDS]
    if not mentions:
        return 0, set()
    mentions.sort(key=lambda p: (p.published_at, p.pk))
    brands = {brand_key(p.channel_id) for p in mentions if p.channel_id is not None}
    detector = _restore(brands)
    sentiments = _sentiments(mentions, stored_sentiment)
    events: list[SpikeEvent] = []
    for post in mentions:
        assert post.channel_id is not None
        mention = Mention(
            id=str(post.pk),
            brand=brand_key(post.channel_id),
            created_at=post.published_at,
            text=post.text,
            sentiment=sentiments.get(post.pk),
        )
        try:
            events.extend(detector.add(mention))
        except Exception:  # one strange mention must not stop the others
            logger.exception("spike detector failed on post %s", post.pk)
    _save(detector, brands)
    opened = 0
    changed: set[int] = set()
    for event in events:
        created, channel_id = _incident_update(event, now)
        opened += created
        if created and channel_id is not None:
            changed.add(channel_id)
    return opened, changed


def _incident_update(event: SpikeEvent, now: dt.datetime) -> tuple[bool, int | None]:
    record = event.record
    brand = str(record["brand"])
    channel_id = int(brand.split(":", 1)[1]) if brand.startswith("channel:") else None
    start = parse_timestamp(record["start"])
    status = event.status if event.status in SpikeStatus.values else SpikeStatus.GROWING
    fields: dict[str, Any] = {
        "peak": parse_timestamp(record["peak"]),
        "end": parse_timestamp(record["end"]) if record.get("end") else None,
        "kind": str(record["kind"])[:40],
        "status": status,
        "score": float(record["score"]),
        "baseline": float(record["baseline"]),
        "observed": float(record["observed"]),
        "confidence": float(record.get("confidence") or 0.0),
        "terms": [str(term)[:100] for term in record.get("terms", [])][:20],
    }
    incident = (
        SpikeIncident.objects.select_for_update(of=("self",))
        .select_related("alert__channel")
        .filter(brand=brand, start=start)
        .first()
    )
    created = False
    if incident is None:
        rule = detector_rule(SPIKE)
        if not rule.is_active:
            return False, channel_id
        channel = Channel.objects.filter(pk=channel_id).first() if channel_id else None
        alert = alert_open(
            rule=rule,
            key=f"spike:{brand}:{record['start']}",
            title=_title(fields["kind"], channel, status),
            channel=channel,
            owner=channel.owner if channel else None,
            now=now,
        )
        incident = SpikeIncident.objects.create(alert=alert, brand=brand, start=start, **fields)
        created = True
    else:
        alert = incident.alert
        before = incident.status
        for name, value in fields.items():
            setattr(incident, name, value)
        incident.save()
        text, message = stored(_title(incident.kind, alert.channel, status))
        alert.title, alert.title_message = text[:300], message
        if before != status:
            audit_record(
                actor=None,
                verb="alert.update",
                target=alert,
                changes={"spike_status": [before, status]},
            )
    top = [int(pk) for pk in record.get("top_post_ids", []) if str(pk).isdigit()]
    evidence = evidence_findings(
        list(Post.objects.filter(pk__in=top)),
        analyzer="spike",
        kind=incident.kind,
        score=min(1.0, incident.score / 10),
        reason=Message("monitoring.finding.surge_post_terms", {"terms": incident.terms[:5]})
        if incident.terms
        else Message("monitoring.finding.surge_post"),
        key=f"{brand}:{record['start']}",
    )
    evidence_add(alert, evidence, now)
    if created:
        alert_notify(alert)
    return created, channel_id
