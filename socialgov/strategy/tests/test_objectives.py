from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from socialgov.core.models import AuditEvent
from socialgov.strategy import selectors, services
from socialgov.strategy.models import Objective, UsageType

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _objective(owner, **kwargs):
    values = {
        "title": "Answer fast",
        "usage_type": UsageType.CUSTOMER_INTERACTION,
        "kpi": "Median first response",
        "target_value": Decimal("30"),
        "period_start": TODAY - dt.timedelta(days=10),
        "period_end": TODAY + dt.timedelta(days=300),
        "owner": owner.person,
    }
    values.update(kwargs)
    return services.objective_create(actor=None, **values)


def test_a_usage_type_without_a_current_objective_is_a_governance_gap(lead):
    _objective(lead)
    _objective(
        lead,
        usage_type=UsageType.RECRUITMENT,
        period_start=TODAY - dt.timedelta(days=400),
        period_end=TODAY - dt.timedelta(days=40),
    )
    coverage = {c.usage_type: c for c in selectors.coverage_by_usage_type(user=lead)}
    assert not coverage[UsageType.CUSTOMER_INTERACTION].is_gap
    assert coverage[UsageType.RECRUITMENT].is_gap  # only an expired objective
    assert coverage[UsageType.MARKET_RESEARCH].is_gap


def test_progress_runs_from_baseline_to_target(lead):
    objective = _objective(
        lead, baseline_value=Decimal("90"), target_value=Decimal("30"), current_value=Decimal("60")
    )
    assert objective.progress == 50.0


def test_a_period_that_ends_before_it_starts_is_refused(lead):
    with pytest.raises(ValidationError):
        _objective(lead, period_start=TODAY, period_end=TODAY - dt.timedelta(days=1))
    assert not Objective.objects.exists()


def test_changes_are_audited(lead):
    objective = _objective(lead)
    services.objective_update(actor=lead, objective=objective, current_value=Decimal("41"))
    event = AuditEvent.objects.filter(verb="objective.update").get()
    assert event.changes["current_value"][1] == "41"


def test_owners_update_their_objectives_employees_see_nothing(api_as, lead, owner, teammate):
    objective = _objective(owner)
    url = f"/api/v1/objectives/{objective.pk}/"
    assert api_as(owner).patch(url, {"current_value": "12.5"}, format="json").status_code == 200
    assert api_as(teammate).get("/api/v1/objectives/").json()["results"] == []
    assert api_as(teammate).patch(url, {"current_value": "1"}, format="json").status_code == 404
    assert api_as(owner).patch(url, {"usage_type": "marketing"}, format="json").status_code == 400


def test_only_leads_create_objectives(api_as, lead, owner):
    payload = {
        "title": "Grow",
        "usage_type": "marketing",
        "kpi": "Leads",
        "target_value": "100",
        "period_start": TODAY.isoformat(),
        "period_end": (TODAY + dt.timedelta(days=90)).isoformat(),
        "owner": owner.person_id,
    }
    assert api_as(owner).post("/api/v1/objectives/", payload, format="json").status_code == 403
    assert api_as(lead).post("/api/v1/objectives/", payload, format="json").status_code == 201


def test_the_strategy_page_flags_usage_types_without_objectives(client, lead):
    _objective(lead)
    client.force_login(lead)
    page = client.get(reverse("strategy:objective-list"))
    assert page.status_code == 200
    assert page.content.count(b"governance gap") == len(UsageType.values) - 1
