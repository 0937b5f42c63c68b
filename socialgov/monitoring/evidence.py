"""Evidence as people see it: the post split around the matched span (each part escaped by the
template, never marked safe), or hidden when the viewer may not read internal content."""

from __future__ import annotations

from dataclasses import dataclass

from socialgov.core.permissions import AnyUser
from socialgov.monitoring.access import may_read_post_text
from socialgov.monitoring.models import AlertCategory, AlertEvidence, Finding, Post, PostKind
from socialgov.monitoring.models.choices import MENTION_KINDS

CONTEXT_CHARS = 400
# Posts someone outside wrote to or about a channel: the ones an answer from that channel fits.
ANSWERABLE_KINDS = (*MENTION_KINDS, PostKind.OTHER)


@dataclass(frozen=True)
class EvidenceView:
    finding: Finding
    post: Post
    hidden: bool
    before: str = ""
    match: str = ""
    after: str = ""
    answerable: bool = False


def is_answerable(evidence: AlertEvidence) -> bool:
    """A reply makes sense for a complaint or a reputation alert on a stranger's post that came
    through one of our channels; not for a leaked secret, a takeover or an internal message."""
    post, finding = evidence.finding.post, evidence.finding
    about_reputation = (
        evidence.alert.category == AlertCategory.REPUTATION or finding.kind == "complaint"
    )
    return about_reputation and post.channel_id is not None and post.kind in ANSWERABLE_KINDS


def evidence_view(user: AnyUser, evidence: AlertEvidence) -> EvidenceView:
    finding = evidence.finding
    post = finding.post
    if not may_read_post_text(user, post):
        return EvidenceView(finding, post, hidden=True)
    answerable = is_answerable(evidence)
    text = post.text
    start, end = finding.span_start, finding.span_end
    whole_text = start is None or end is None or (start == 0 and end >= len(text))
    if whole_text or start is None or end is None or not 0 <= start < end <= len(text):
        return EvidenceView(
            finding, post, hidden=False, before=text[: CONTEXT_CHARS * 2], answerable=answerable
        )
    return EvidenceView(
        finding,
        post,
        hidden=False,
        before=("…" if start > CONTEXT_CHARS else "") + text[max(0, start - CONTEXT_CHARS) : start],
        match=text[start:end],
        after=text[end : end + CONTEXT_CHARS] + ("…" if end + CONTEXT_CHARS < len(text) else ""),
        answerable=answerable,
    )
