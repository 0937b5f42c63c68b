"""Reads on drafts: lists in the reader's scope, the text cut into highlighted segments for
the editor, and the calendar of scheduled posts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models

from socialgov.channels.models import Channel
from socialgov.core import permissions
from socialgov.core.permissions import AnyUser
from socialgov.publishing.checks import Check
from socialgov.publishing.models import Draft, DraftState

CALENDAR_STATES = (
    DraftState.APPROVED,
    DraftState.SCHEDULED,
    DraftState.PUBLISHING,
    DraftState.PUBLISHED,
    DraftState.FAILED,
)


def draft_list(*, user: AnyUser, state: str = "") -> models.QuerySet[Draft]:
    drafts = permissions.visible(user, Draft.objects.select_related("channel", "author"))
    return drafts.filter(state=state) if state else drafts


def draft_get(*, user: AnyUser, pk: int) -> Draft | None:
    return (
        draft_list(user=user).prefetch_related("approvals__approver", "media").filter(pk=pk).first()
    )


@dataclass(frozen=True)
class Segment:
    text: str
    code: str = ""
    blocks: bool = False
    number: int = 0


def highlighted(text: str, checks: list[Check]) -> list[Segment]:
    """The text cut at each finding's span, so a template marks spans without trusting HTML.
    Overlapping spans keep the first; whole-text and empty spans are listed, not marked."""
    segments: list[Segment] = []
    position = 0
    for number, check in enumerate(checks, start=1):
        start, end = max(check.start, position), min(check.end, len(text))
        if end <= start or (check.start == 0 and check.end >= len(text)):
            continue
        if start > position:
            segments.append(Segment(text[position:start]))
        segments.append(Segment(text[start:end], check.code, check.blocks, number))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:]))
    return segments


def calendar_channels(*, user: AnyUser) -> models.QuerySet[Channel]:
    """Channels whose calendar the user reads: those of drafts they can see."""
    return Channel.objects.filter(pk__in=draft_list(user=user).values("channel_id")).order_by(
        "handle"
    )


def calendar_drafts(
    *, user: AnyUser, start: dt.datetime, end: dt.datetime, channel_id: int | None = None
) -> models.QuerySet[Draft]:
    drafts = draft_list(user=user).filter(
        state__in=CALENDAR_STATES, scheduled_at__gte=start, scheduled_at__lt=end
    )
    if channel_id is not None:
        drafts = drafts.filter(channel_id=channel_id)
    return drafts.order_by("scheduled_at", "pk")
