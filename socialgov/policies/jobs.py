"""Daily work of the governance lifecycle, as plain functions an executor can schedule.

Each job takes `today` (for tests and replays) and is idempotent for a given day.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from socialgov.awareness.services import awareness_follow_up, campaign_recur
from socialgov.policies.services import acknowledgement_follow_up, policy_reviews_due


def run_daily(*, today: dt.date | None = None) -> dict[str, int]:
    """Acknowledgement and training reminders and escalations, then yearly campaign runs."""
    today = today or timezone.localdate()
    acknowledgements = acknowledgement_follow_up(today=today)
    training = awareness_follow_up(today=today)
    started = campaign_recur(today=today)
    reviews = policy_reviews_due(today=today)
    return {
        "policy_reviews_due": len(reviews),
        "acknowledgement_reminders": acknowledgements["reminded"],
        "acknowledgement_escalations": acknowledgements["escalated"],
        "training_reminders": training["reminded"],
        "training_escalations": training["escalated"],
        "campaigns_restarted": len(started),
    }
