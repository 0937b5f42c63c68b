"""In a real browser, in French: an analyst opens an incident from an alert, starts the
takeover playbook, completes two steps and sees them on the timeline."""

from __future__ import annotations

import pytest

from socialgov.incidents.models import Incident
from socialgov.incidents.tests.helpers import alert_on, channel_of, load_playbooks

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_handles_a_takeover_from_its_alert_in_french(
    live_server,
    browser_page,
    analyst,
    owner,
):
    analyst.person.language = "fr"
    analyst.person.save()
    load_playbooks()
    # High, not critical: a critical takeover alert would open its incident by itself.
    alert = alert_on(
        channel_of(owner), severity="high", category="security", key="compromise:channel:1"
    )
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_label("Username or e-mail").fill("analyst")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("h1")
    page.goto(f"{live_server.url}/monitoring/alerts/{alert.pk}/")
    page.get_by_role("button", name="Ouvrir un incident").click()
    page.wait_for_selector("text=Incident ouvert.")
    incident = Incident.objects.get()
    assert incident.kind == "takeover" and list(incident.alerts.all()) == [alert]
    page.select_option("#playbook-choice", label="Prise de contrôle d'un compte")
    page.get_by_role("button", name="Lancer le playbook").click()
    page.wait_for_selector("text=Playbook lancé : ses étapes sont maintenant des tâches.")
    for key in ("secure-account", "revoke-sessions"):
        step = page.locator(f"#step-{key}")
        step.get_by_role("button", name="Marquer cette étape comme faite").click()
        page.wait_for_selector("text=Étape faite.")
    timeline = page.locator("#timeline")
    assert timeline.get_by_text("Playbook lancé : Prise de contrôle d'un compte").is_visible()
    assert timeline.get_by_text(
        "Étape faite : Sécuriser le compte : changer le mot de passe et activer "
        "l'authentification multifacteur"
    ).is_visible()
    assert timeline.get_by_text(
        "Étape faite : Révoquer les sessions ouvertes et les jetons d'application"
    ).is_visible()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert incident.steps.filter(task__status="done").count() == 2
