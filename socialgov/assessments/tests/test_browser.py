"""In a real browser: a governance lead completes an assessment, sees the radar and gap tasks."""

from __future__ import annotations

from pathlib import Path

import pytest

from socialgov.assessments import services
from socialgov.assessments.models import AssessmentStatus, MaturityModel
from socialgov.core.models import Task
from socialgov.library.importer import library_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LIBRARY = Path(__file__).resolve().parents[3] / "library" / "maturity"


def test_a_lead_completes_an_assessment_and_sees_the_radar_and_gap_tasks(
    live_server,
    browser_page,
    lead,
    owner,
):
    library_load(paths=[LIBRARY])
    assessment = services.assessment_start(
        actor=lead, model=MaturityModel.objects.get(), title="Baseline", respondents=[lead.person]
    )
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username or e-mail").fill("lead")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    page.get_by_role("link", name="Answer the questions").click()
    fieldsets = page.locator("fieldset")
    for index in range(fieldsets.count()):
        # The second choice everywhere: level 2, below the target of 3.
        fieldsets.nth(index).locator("input[type=radio]").nth(1).check()
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_selector("text=your answers are submitted")
    page.get_by_role("button", name="Complete the assessment").click()
    page.wait_for_selector("text=Assessment completed.")
    assert page.locator(".radar-chart svg polygon.radar-series").count() == 1
    assert page.locator("#overall-score").inner_text() == "2.0"
    page.get_by_label("Owner of the tasks").select_option(str(owner.person_id))
    page.get_by_role("button", name="Create tasks").click()
    page.wait_for_selector("text=task(s) created")
    gaps = assessment.gaps.count()
    assert gaps > 0
    assert Task.objects.filter(source="assessment_gap", owner=owner.person).count() == gaps
    assert page.locator("#gaps a").count() == gaps
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPLETED
