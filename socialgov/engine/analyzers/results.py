"""The JSON record `socialgov analyze` writes for one post."""

from __future__ import annotations

from typing import Any

from socialgov.engine.types import Finding, Post

_SPAN_GROUPS = {"personal_data": "pii", "secrets": "secrets", "confidential": "confidential"}


def _span(finding: Finding) -> dict[str, Any]:
    return {
        "type": finding.kind,
        "start": finding.start,
        "end": finding.end,
        "score": round(finding.score, 4),
        "reason": finding.reason,
    }


def result_record(post: Post, findings: list[Finding], analyzers: set[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"id": post.id}
    by_analyzer: dict[str, list[Finding]] = {}
    for finding in findings:
        by_analyzer.setdefault(finding.analyzer, []).append(finding)
    if "language" in analyzers:
        lang = by_analyzer.get("language", [])
        record["lang"] = lang[0].kind if lang else None
    if "sentiment" in analyzers:
        head = by_analyzer.get("sentiment", [])
        record["sentiment"] = (
            {"label": head[0].kind, "score": round(head[0].score, 4)} if head else None
        )
    if "complaint" in analyzers:
        head = by_analyzer.get("complaint", [])
        record["complaint"] = (
            {"label": head[0].kind == "complaint", "score": round(head[0].score, 4)}
            if head
            else None
        )
    if "toxicity" in analyzers:
        tox = by_analyzer.get("toxicity", [])
        if tox:
            categories = list(dict.fromkeys(f.kind for f in tox[1:]))
            record["toxicity"] = {
                "label": tox[0].kind == "toxic",
                "score": round(tox[0].score, 4),
                "categories": categories,
            }
        else:
            record["toxicity"] = None
    for slug, key in _SPAN_GROUPS.items():
        if slug in analyzers:
            record[key] = [_span(f) for f in by_analyzer.get(slug, [])]
    record["findings"] = [f.to_dict() for f in findings if notable(f)]
    return record


def notable(finding: Finding) -> bool:
    """Findings a person may need to act on (not the routine 'neutral', 'not toxic', ...)."""
    if finding.analyzer == "language":
        return False
    if finding.analyzer == "sentiment":
        return finding.kind == "negative"
    return finding.kind not in ("no_complaint", "not_toxic")
