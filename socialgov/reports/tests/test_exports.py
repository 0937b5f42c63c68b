"""The report workbook: every sheet, the report's own figures, and nothing a spreadsheet runs."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.reports.tests.conftest import TODAY, activity
from socialgov.risks.models import ChannelRisk

pytestmark = pytest.mark.django_db
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def export(user: User, **query: str) -> Any:
    client = Client()
    client.force_login(user)
    return client.get(
        reverse("reports:export"), {"period": "30d", "end": TODAY.isoformat(), **query}
    )


@pytest.fixture
def hostile_register(risk: ChannelRisk, owned_channel: Channel) -> None:
    owned_channel.display_name = HOSTILE
    owned_channel.save()
    activity(owned_channel, TODAY, mentions=6, negative=1)


def test_the_workbook_has_the_register_risks_kris_alerts_and_incidents(
    lead: User, hostile_register: None
) -> None:
    response = export(lead)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Register", "Risks", "KRIs", "Alerts", "Incidents"]
    risks = [row for row in workbook["Risks"].iter_rows(values_only=True)]
    assert risks[1][0] == "Hijacked account posts scams"


def test_no_cell_is_a_formula(lead: User, hostile_register: None) -> None:
    workbook = load_workbook(io.BytesIO(export(lead).content))
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    # Kept as written, as a string cell a spreadsheet shows as text (the quote-prefix style).
    hostile = [c for c in cells if c.value == HOSTILE]
    assert hostile and all(c.data_type == "s" and c.quotePrefix for c in hostile)


def test_the_summary_sheet_has_the_apis_figures(
    lead: User, hostile_register: None, api_as: Any
) -> None:
    workbook = load_workbook(io.BytesIO(export(lead).content))
    sheet: dict[Any, Any] = {
        row[0]: row[1] for row in workbook["Summary"].iter_rows(min_row=2, values_only=True)
    }
    api = api_as(lead).get("/api/v1/reports/summary/", {"period": "30d", "end": TODAY.isoformat()})
    figures = api.json()
    assert sheet["monitoring.mentions"] == figures["monitoring"]["mentions"] == 6
    assert sheet["risks.open"] == figures["risks"]["open"] == 1
    assert sheet["alerts.by_severity.high"] == figures["alerts"]["by_severity"]["high"]


def test_only_leads_admins_and_auditors_export(owner: User, outsider: User, auditor: User) -> None:
    assert export(owner).status_code == 403
    assert export(outsider).status_code == 403
    assert export(auditor).status_code == 200


def test_a_bad_period_is_refused_with_the_field_named(lead: User) -> None:
    response = export(lead, period="forever", end="yesterday")
    assert response.status_code == 400
    assert "period" in response.content.decode()
