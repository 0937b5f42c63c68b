"""Evidence as people see it: the post split around the matched span (each part escaped by the
template, never marked safe), or hidden when the viewer may not read internal content."""

from __future__ import annotations

from dataclasses import dataclass

from socialgov.core.permissions import AnyUser
from socialgov.monitoring.access import may_read_post_text
from socialgov.monitoring.models import AlertEvidence, Finding, Post

CONTEXT_CHARS = 400


@dataclass(frozen=True)
class EvidenceView:
    finding: Finding
    post: Post
    hidden: bool
    before: str = ""
    match: str = ""
    after: str = ""


def evidence_view(user: AnyUser, evidence: AlertEvidence) -> EvidenceView:
    finding = evidence.finding
    post = finding.post
    if not may_read_post_text(user, post):
        return EvidenceView(finding, post, hidden=True)
    text = post.text
    start, end = finding.span_start, finding.span_end
    whole_text = start is None or end is None or (start == 0 and end >= len(text))
    if whole_text or start is None or end is None or not 0 <= start < end <= len(text):
        return EvidenceView(finding, post, hidden=False, before=text[: CONTEXT_CHARS * 2])
    return EvidenceView(
        finding,
        post,
        hidden=False,
        before=("…" if start > CONTEXT_CHARS else "") + text[max(0, start - CONTEXT_CHARS) : start],
        match=text[start:end],
        after=text[end : end + CONTEXT_CHARS] + ("…" if end + CONTEXT_CHARS < len(text) else ""),
    )
