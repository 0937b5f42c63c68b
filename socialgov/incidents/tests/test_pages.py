"""The incident pages: opening from alerts, the playbook and the timeline, closing with a
review, role scoping and hostile evidence."""

from __future__ import annotations

import pytest
from django.test import Client

from socialgov.incidents import services
from socialgov.incidents.models import Incident
from socialgov.incidents.tests.helpers import alert_on, channel_of, load_playbooks

pytestmark = pytest.mark.django_db
HOSTILE = '<script>alert("x")</script> =HYPERLINK("http://evil") ' + "A" * 3000


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _act(client: Client, incident: Incident, **data):
    return client.post(f"/incidents/{incident.pk}/act/", data, follow=True)


def test_an_analyst_opens_an_incident_from_an_alert_page(analyst, owner) -> None:
    alert = alert_on(channel_of(owner), text=HOSTILE, category="security")
    page = _client(analyst).get(f"/monitoring/alerts/{alert.pk}/")
    assert b"Open an incident" in page.content
    response = _client(analyst).post("/incidents/from-alerts/", {"alert": [alert.pk]})
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    assert list(incident.alerts.all()) == [alert]
    detail = _client(analyst).get(f"/incidents/{incident.pk}/")
    assert b"<script>alert" not in detail.content
    assert b"&lt;script&gt;alert" in detail.content


def test_several_ticked_alerts_merge_into_one_incident(analyst, owner) -> None:
    channel = channel_of(owner)
    first = alert_on(channel, key="a", category="security")
    second = alert_on(channel, key="b", severity="critical", category="security")
    _client(analyst).post("/incidents/from-alerts/", {"alert": [first.pk, second.pk]})
    incident = Incident.objects.get()
    assert set(incident.alerts.all()) == {first, second} and incident.severity == "critical"


def test_nobody_opens_an_incident_from_an_alert_they_cannot_see(outsider, auditor, owner) -> None:
    alert = alert_on(channel_of(owner))
    assert _client(outsider).post("/incidents/from-alerts/", {"alert": alert.pk}).status_code == 403
    assert _client(auditor).post("/incidents/from-alerts/", {"alert": alert.pk}).status_code == 403
    response = _client(outsider).post("/incidents/from-alerts/", {"alert": "x"})
    assert response.status_code == 302 and not Incident.objects.exists()


def test_a_playbook_started_on_the_page_puts_done_steps_on_the_timeline(analyst, owner) -> None:
    load_playbooks()
    incident = services.incident_open_from_alerts(
        actor=analyst, alerts=[alert_on(channel_of(owner))], lead=analyst.person
    )
    client = _client(analyst)
    page = client.get(f"/incidents/{incident.pk}/")
    assert b"Start the playbook" in page.content
    from socialgov.incidents.models import Playbook

    chosen = Playbook.objects.get(kind=incident.kind)
    _act(client, incident, action="playbook", target=chosen.pk)
    step = incident.steps.order_by("position")[0]
    page = _act(client, incident, action="step", target=step.pk)
    assert "Step done: " + step.task.title in page.content.decode()
    again = _act(client, incident, action="step", target=step.pk)
    assert "already done" in again.content.decode()


def test_closing_above_the_severity_needs_a_review_and_a_risk_lesson_reaches_the_owner(
    analyst, owner
) -> None:
    from pathlib import Path

    from django.conf import settings

    from socialgov.library.importer import library_load
    from socialgov.risks.models import AppliedControl, ChannelRisk, Control
    from socialgov.risks.services import channel_risk_create

    library_load(paths=[Path(settings.LIBRARY_DIR)])
    channel = channel_of(owner)
    risk = channel_risk_create(
        actor=None, channel=channel, title="Leak", inherent_likelihood=2, inherent_impact=3
    )
    incident = services.incident_open(
        actor=analyst, title="Leak", kind="data_leak", severity="high", channels=[channel]
    )
    client = _client(analyst)
    _act(client, incident, action="transition", status="resolved")
    refused = _act(client, incident, action="transition", status="closed")
    assert "after-action review" in refused.content.decode()
    _act(client, incident, action="review", cause="Password in a caption", worked="", change="")
    control = Control.objects.order_by("key")[0]
    _act(client, incident, action="risk", risk=risk.pk, likelihood=4, control=control.pk)
    closed = _act(client, incident, action="transition", status="closed")
    assert "Status changed." in closed.content.decode()
    risk = ChannelRisk.objects.get(pk=risk.pk)
    assert risk.needs_reassessment and risk.suggested_likelihood == 4
    assert AppliedControl.objects.filter(risk=risk, control=control).exists()
    bad = _act(client, incident, action="risk", risk=risk.pk, likelihood=99)
    assert "likelihood" in bad.content.decode()


def test_owners_see_their_channels_incidents_and_outsiders_see_nothing(owner, outsider) -> None:
    incident = services.incident_open(
        actor=None, title="Rant", kind="reputation", severity="low", channels=[channel_of(owner)]
    )
    assert _client(owner).get(f"/incidents/{incident.pk}/").status_code == 200
    assert _client(outsider).get(f"/incidents/{incident.pk}/").status_code == 404
    assert b"Rant" not in _client(outsider).get("/incidents/").content
    assert b"Rant" in _client(owner).get("/incidents/").content


def test_an_auditor_reads_but_cannot_act(auditor, analyst) -> None:
    incident = services.incident_open(actor=analyst, title="x", kind="other", severity="low")
    assert _client(auditor).get(f"/incidents/{incident.pk}/").status_code == 200
    response = _client(auditor).post(f"/incidents/{incident.pk}/act/", {"action": "note"})
    assert response.status_code == 403


def test_an_employee_report_becomes_an_incident_only_they_follow(lead, teammate, outsider) -> None:
    client = _client(teammate)
    client.post("/my/report/", {"summary": "Fake account of our CEO", "details": "On X"})
    incident = Incident.objects.get()
    assert incident.reported_by == teammate.person and incident.lead == lead.person
    services.incident_note(actor=lead, incident=incident, text="Secret analyst note")
    portal = client.get("/my/").content.decode()
    assert "Your reports" in portal and "Fake account of our CEO" in portal
    detail = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Open" in detail and "Secret analyst note" not in detail
    assert client.get(f"/incidents/{incident.pk}/pdf/").status_code == 403
    assert _client(outsider).get(f"/incidents/{incident.pk}/").status_code == 404


def test_the_board_shows_active_incidents_by_severity(analyst) -> None:
    services.incident_open(actor=analyst, title="Active one", kind="other", severity="critical")
    closed = services.incident_open(actor=analyst, title="Done one", kind="other", severity="low")
    services.incident_transition(actor=analyst, incident=closed, status="resolved")
    services.incident_transition(actor=analyst, incident=closed, status="closed")
    page = _client(analyst).get("/incidents/board/").content.decode()
    assert "Active one" in page and "Done one" not in page


def test_the_pdf_export_carries_the_timeline_and_survives_hostile_evidence(analyst) -> None:
    incident = services.incident_open(
        actor=analyst, title=HOSTILE[:200], kind="other", severity="low", evidence=HOSTILE + "€✓"
    )
    services.incident_note(actor=analyst, incident=incident, text=HOSTILE)
    response = _client(analyst).get(f"/incidents/{incident.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_channel_page_counts_its_incidents_of_the_quarter(owner) -> None:
    channel = channel_of(owner)
    services.incident_open(
        actor=None, title="Hijack", kind="takeover", severity="high", channels=[channel]
    )
    page = _client(owner).get(f"/channels/{channel.pk}/").content.decode()
    assert "1 incident in the last quarter" in page and "Hijack" in page


def test_the_pdf_is_in_the_readers_language(analyst) -> None:
    from django.utils import translation

    from socialgov.incidents.pdf import incident_pdf

    incident = services.incident_open(
        actor=analyst, title="Fuite", kind="data_leak", severity="low"
    )
    with translation.override("fr"):
        french = incident_pdf(incident, compress=False)
    with translation.override("nl"):
        dutch = incident_pdf(incident, compress=False)
    assert b"Chronologie" in french and b"Incident ouvert" in french
    assert b"Tijdlijn" in dutch and b"Incident geopend" in dutch


def test_internal_post_text_stays_on_the_alert_and_is_not_copied_to_the_incident(
    analyst, owner
) -> None:
    from socialgov.monitoring.models import Post

    alert = alert_on(channel_of(owner), text="Salary list of the team", category="security")
    Post.objects.update(kind="internal")
    incident = services.incident_open_from_alerts(actor=analyst, alerts=[alert])
    assert "Salary list" not in incident.evidence
    assert "internal post" in incident.evidence


def test_an_incident_is_opened_by_hand_and_bad_input_writes_nothing(analyst, auditor) -> None:
    client = _client(analyst)
    bad = client.post("/incidents/new/", {"title": "Leak", "kind": "nonsense", "severity": "low"})
    assert bad.status_code == 400 and not Incident.objects.exists()
    client.post("/incidents/new/", {"title": "Leak", "kind": "data_leak", "severity": "low"})
    assert Incident.objects.get().lead == analyst.person
    assert _client(auditor).get("/incidents/new/").status_code == 403
