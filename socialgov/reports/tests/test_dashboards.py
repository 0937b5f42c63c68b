"""The dashboards by role: what each person sees, and where each figure leads."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.reports.tests.conftest import TODAY, activity
from socialgov.risks.models import ChannelRisk

pytestmark = pytest.mark.django_db


def page(user: User, **query: str) -> str:
    client = Client()
    client.force_login(user)
    with time_machine.travel(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC), tick=False):
        response = client.get(reverse("reports:dashboard"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_a_lead_sees_the_residual_heat_map_whose_cells_lead_to_the_filtered_register(
    lead: User, risk: ChannelRisk
) -> None:
    html = page(lead)
    href = (
        f"/risks/?side=residual&amp;likelihood={risk.residual_likelihood}"
        f"&amp;impact={risk.residual_impact}&amp;matrix={risk.matrix_id}"
    )
    assert href in html
    client = Client()
    client.force_login(lead)
    listed = client.get(href.replace("&amp;", "&")).content.decode()
    assert "Hijacked account posts scams" in listed


def test_the_period_selector_sets_the_points_of_the_trend_charts(
    lead: User, owned_channel: Channel
) -> None:
    activity(owned_channel, TODAY, mentions=9)
    activity(owned_channel, TODAY - dt.timedelta(days=20), mentions=4)

    week = page(lead, period="7d")
    month = page(lead, period="30d")

    assert 'aria-current="page">7 days' in week
    assert week.count('<th scope="row">') < month.count('<th scope="row">')
    # Only the last week's mentions count in the 7-day view; both in the 30-day one.
    assert re.search(r'card-value">9</span>\s*<span class="card-title">Mentions', week)
    assert re.search(r'card-value">13</span>\s*<span class="card-title">Mentions', month)


def test_an_owner_sees_only_their_channels_activity(
    owner: User, owned_channel: Channel, other_channel: Channel
) -> None:
    activity(owned_channel, TODAY, mentions=5, negative=1)
    activity(other_channel, TODAY, mentions=100, negative=50)

    html = page(owner)

    assert re.search(r'card-value">5</span>\s*<span class="card-title">Mentions', html)
    assert "100" not in html
    assert "Risks by residual score" not in html


def test_an_employee_has_no_report_access(outsider: User) -> None:
    client = Client()
    client.force_login(outsider)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_the_analyst_sees_alerts_by_category_and_the_triage_queue(analyst: User) -> None:
    html = page(analyst)
    assert "Alerts by category" in html
    assert reverse("channels:discovered-list") in html
    assert "Risks by residual score" not in html


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_dashboard_reads_in_the_users_language(lead: User, language: str, risk: Any) -> None:
    assert lead.person is not None
    lead.person.language = language
    lead.person.save()
    html = page(lead)
    assert "Open alerts by severity and age" not in html
    assert "Data table" not in html


def test_the_lead_dashboard_runs_a_bounded_number_of_queries(
    lead: User, risk: ChannelRisk, owned_channel: Channel, django_assert_max_num_queries: Any
) -> None:
    activity(owned_channel, TODAY, mentions=5)
    client = Client()
    client.force_login(lead)
    client.get(reverse("reports:dashboard"))
    with django_assert_max_num_queries(40):
        assert client.get(reverse("reports:dashboard")).status_code == 200
