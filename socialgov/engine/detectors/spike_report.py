"""What a spike alert tells its reader: the terms that drive it and the posts that show it."""

from __future__ import annotations

import math
from typing import Any

from socialgov.engine.detectors.spike_model import SpikeAlert, SpikeSettings, _BrandState
from socialgov.engine.detectors.streams import isoformat


def driving_terms(
    state: _BrandState, alert: SpikeAlert, settings: SpikeSettings
) -> list[tuple[str, float]]:
    """Terms far more frequent in the alert than in the brand's usual mentions."""
    alert_docs = max(alert.terms.documents, 1)
    usual_docs = state.terms.documents
    weighted = []
    for term, count in alert.terms.counts.items():
        if count < 3:
            continue
        usual = state.terms.counts.get(term, 0)
        ratio = ((count + 0.5) / (alert_docs + 1)) / ((usual + 0.5) / (usual_docs + 1))
        if ratio > 2:
            weighted.append((term, count * math.log(ratio)))
    weighted.sort(key=lambda item: (-item[1], item[0]))
    return weighted[: settings.top_terms]


def alert_snapshot(
    state: _BrandState, alert: SpikeAlert, settings: SpikeSettings
) -> dict[str, Any]:
    """The alert as the pipeline stores it; its top posts are those the driving terms weigh most."""
    terms = driving_terms(state, alert, settings)
    weights = dict(terms)
    ranked = sorted(
        alert.posts,
        key=lambda post: -(sum(weights.get(term, 0.0) for term in post.terms) + post.negative),
    )
    return {
        "brand": alert.brand,
        "kind": alert.kind,
        "start": isoformat(alert.start),
        "peak": isoformat(alert.peak),
        "end": isoformat(alert.end) if alert.end else None,
        "score": round(alert.score, 2),
        "baseline": round(alert.baseline, 3),
        "observed": round(alert.observed, 3),
        "top_post_ids": [post.id for post in ranked[: settings.top_posts]],
        "terms": [term for term, _ in terms],
        "status": alert.status,
        "confidence": alert.confidence,
    }
