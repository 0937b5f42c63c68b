"""The reports' daily job: each governance lead receives the board report of the last
calendar quarter, once, on the first daily run after the quarter ends."""

from __future__ import annotations

import datetime as dt

from socialgov.core.models import User
from socialgov.core.selectors import governance_leads
from socialgov.reports import services
from socialgov.reports.models import BoardReport


def last_quarter_end(today: dt.date) -> dt.date:
    """The last day of the calendar quarter before the one `today` is in."""
    first_month = 3 * ((today.month - 1) // 3) + 1
    return dt.date(today.year, first_month, 1) - dt.timedelta(days=1)


def run_daily(today: dt.date) -> str:
    end = last_quarter_end(today)
    leads = governance_leads()
    users = {user.person_id: user for user in User.objects.filter(person__in=leads, is_active=True)}
    # One per lead and quarter, whoever asked for it: a lead who already generated the
    # quarter's report by hand is not sent a second one.
    served = set(
        BoardReport.objects.filter(
            author__in=users.values(), period="quarter", period_end=end
        ).values_list("author_id", flat=True)
    )
    requested = 0
    for person in leads:
        user = users.get(person.pk)
        if user is None or not person.is_active or user.pk in served:
            continue
        services.board_report_request(
            actor=user, period="quarter", end=end, language=person.language, scheduled=True
        )
        requested += 1
    return f"{requested} quarterly board report(s) requested for the quarter ending {end}"
