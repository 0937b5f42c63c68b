"""In a real browser: an employee acknowledges a policy and passes a quiz, in Dutch."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from socialgov.awareness import services as awareness
from socialgov.awareness.models import Assignment, AssignmentStatus, TrainingModule
from socialgov.library.importer import library_load
from socialgov.policies.audience import Audience
from socialgov.policies.models import Acknowledgement
from socialgov.policies.tests.helpers import make_policy, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LIBRARY = Path(__file__).resolve().parents[3] / "library" / "training"


def _log_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/")
    page.get_by_label("Username or e-mail").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1")


def test_an_employee_acknowledges_a_policy_and_passes_a_quiz_in_dutch(
    live_server,
    browser_page,
    lead,
    admin_user,
    teammate,
):
    teammate.person.language = "nl"
    teammate.person.save()
    publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person),
        body={"en": "Be kind.", "nl": "## Regels\n\nWees vriendelijk."},
    )
    library_load(paths=[LIBRARY])
    module = TrainingModule.objects.get(key="private-use-at-work")
    awareness.campaign_start(
        actor=lead,
        title="Bewustmaking",
        modules=[module],
        audience=Audience(everyone=True),
        deadline=timezone.localdate() + dt.timedelta(days=10),
        notify=False,
    )
    page = browser_page
    _log_in(page, live_server.url, "teammate")
    page.goto(f"{live_server.url}/my/")
    page.wait_for_selector("h1:has-text('Wat er van mij gevraagd wordt')")
    page.get_by_role("link", name="Policy").click()
    assert page.get_by_role("heading", name="Regels").is_visible()
    page.get_by_role("button", name="Ik heb deze richtlijn gelezen en aanvaard ze").click()
    page.wait_for_selector("text=Bedankt: je bevestiging is geregistreerd.")
    assert Acknowledgement.objects.get().person == teammate.person

    page.goto(f"{live_server.url}/my/")
    page.get_by_role("link", name=module.title["nl"]).click()
    page.wait_for_selector("text=Quiz")
    for question in module.questions():
        for key in question.correct_keys:
            page.locator(f"input[name='q_{question.key}'][value='{key}']").check()
    page.get_by_role("button", name="Antwoorden indienen").click()
    page.wait_for_selector("text=Geslaagd met 100 %")
    assert Assignment.objects.get(person=teammate.person).status == AssignmentStatus.PASSED
