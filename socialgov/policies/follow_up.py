"""When to remind someone of a deadline and when to escalate to their manager. Pure Python.

Acknowledgement requests and training assignments follow the same rhythm: a reminder a week
before the deadline, another the day before, and one escalation to the manager once it passed.
Each step is recorded on the row, so running the job twice a day sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

REMINDER_DAYS_BEFORE: tuple[int, ...] = (7, 1)


class Step(enum.Enum):
    REMIND = "remind"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class FollowUp:
    step: Step
    reminders_sent: int


def follow_up_due(
    *, deadline: dt.date, today: dt.date, reminders_sent: int, escalated: bool
) -> FollowUp | None:
    """The step to take today for one open item, or None."""
    days_left = (deadline - today).days
    if days_left < 0:
        return None if escalated else FollowUp(Step.ESCALATE, reminders_sent)
    # The latest threshold reached, counted from the earliest: 1 after 7 days before, 2 after 1.
    reached = sum(1 for days in REMINDER_DAYS_BEFORE if days_left <= days)
    if reached > reminders_sent:
        return FollowUp(Step.REMIND, reached)
    return None


class OpenItem(Protocol):
    """A row followed up: its reminders and escalation are recorded on it."""

    reminders_sent: int
    escalated_at: dt.datetime | None


Item = TypeVar("Item", bound=OpenItem)


def follow_up_each(
    items: Iterable[Item],
    *,
    today: dt.date,
    deadline_of: Callable[[Item], dt.date],
    act: Callable[[Item, FollowUp], None],
) -> dict[str, int]:
    """Take today's step for every open item; counts the reminders and escalations sent."""
    counts = {"reminded": 0, "escalated": 0}
    for item in items:
        step = follow_up_due(
            deadline=deadline_of(item),
            today=today,
            reminders_sent=item.reminders_sent,
            escalated=item.escalated_at is not None,
        )
        if step is not None:
            act(item, step)
            counts["reminded" if step.step is Step.REMIND else "escalated"] += 1
    return counts
