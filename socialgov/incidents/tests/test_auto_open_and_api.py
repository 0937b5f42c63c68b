from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialgov.core.models import Role
from socialgov.core.services.roles import role_assign
from socialgov.incidents import services
from socialgov.incidents.models import AutoOpenSetting, Incident
from socialgov.incidents.tests.helpers import alert_on, channel_of, load_playbooks

pytestmark = pytest.mark.django_db
URL = "/api/v1/incidents/"


def _takeover(channel, key: str = "compromise:channel:1"):
    return alert_on(channel, key=key, severity="critical", category="security")


def test_a_critical_takeover_alert_opens_one_incident(
    owner, django_capture_on_commit_callbacks
) -> None:
    channel = channel_of(owner)
    with django_capture_on_commit_callbacks(execute=True):
        alert = _takeover(channel)
    incident = Incident.objects.get()
    assert incident.kind == "takeover" and incident.severity == "critical"
    assert list(incident.alerts.all()) == [alert]


def test_the_same_alert_group_does_not_open_a_second_incident(
    owner, django_capture_on_commit_callbacks
) -> None:
    channel = channel_of(owner)
    with django_capture_on_commit_callbacks(execute=True):
        alert = _takeover(channel)
    with django_capture_on_commit_callbacks(execute=True):
        alert.save()  # a later save of the same alert
        alert.status = "resolved"
        alert.save()
        again = _takeover(channel)
    assert Incident.objects.count() == 1
    assert set(Incident.objects.get().alerts.all()) == {alert, again}


def test_the_rule_setting_switches_auto_open_off(owner, django_capture_on_commit_callbacks) -> None:
    channel = channel_of(owner)
    with django_capture_on_commit_callbacks(execute=True):
        alert = _takeover(channel)
    AutoOpenSetting.objects.create(rule=alert.rule, auto_open=False)
    assert not services.wants_auto_open(alert)


def test_a_high_privacy_alert_opens_nothing_by_itself(
    owner, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        alert_on(channel_of(owner))
    assert not Incident.objects.exists()


def _open(user, title: str, channels=()):
    return services.incident_open(
        actor=user,
        title=title,
        kind="other",
        severity="low",
        lead=user.person,
        reported_by=user.person,
        channels=list(channels),
    )


def test_each_role_sees_its_own_incidents_through_the_api(
    api_as, analyst, owner, teammate, outsider, auditor
) -> None:
    _open(analyst, "On the owner's channel", channels=[channel_of(owner)])
    _open(teammate, "Reported by the teammate")
    _open(outsider, "Reported by the outsider")

    def titles(user) -> set[str]:
        return {row["title"] for row in api_as(user).get(URL).json()["results"]}

    assert len(titles(analyst)) == 3
    assert len(titles(auditor)) == 3
    assert titles(owner) == {"On the owner's channel"}
    assert titles(teammate) == {"Reported by the teammate"}


def test_the_auditor_reads_but_cannot_write(api_as, auditor) -> None:
    response = api_as(auditor).post(
        URL, {"title": "x", "kind": "other", "severity": "low"}, format="json"
    )
    assert response.status_code == 403
    assert not Incident.objects.exists()


def test_an_employee_reports_an_incident_and_sees_only_theirs(api_as, teammate, outsider) -> None:
    body = {"title": "A fake account uses our logo", "kind": "impersonation", "severity": "medium"}
    response = api_as(teammate).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["reported_by"] == teammate.person.pk
    assert api_as(outsider).get(f"{URL}{response.json()['id']}/").status_code == 404


def test_unknown_fields_and_bad_types_are_refused_with_their_names(api_as, analyst) -> None:
    client = api_as(analyst)
    body = {"title": "x", "kind": "other", "severity": "low", "status": "closed"}
    response = client.post(URL, body, format="json")
    assert response.status_code == 400 and "status" in response.json()
    response = client.post(URL, {"title": "x", "kind": "volcano", "severity": 3}, format="json")
    assert response.status_code == 400 and {"kind", "severity"} <= set(response.json())
    assert not Incident.objects.exists()


def test_a_channel_owner_cannot_change_another_channels_incident(
    api_as, analyst, owner, teammate
) -> None:
    role_assign(actor=None, user=teammate, role=Role.CHANNEL_OWNER)
    incident = _open(analyst, "Owner's", channels=[channel_of(owner)])
    response = api_as(teammate).post(f"{URL}{incident.pk}/note/", {"text": "hi"}, format="json")
    assert response.status_code == 404
    response = api_as(owner).post(f"{URL}{incident.pk}/note/", {"text": "hi"}, format="json")
    assert response.status_code == 201


def test_the_api_walks_an_incident_through_its_playbook(api_as, analyst, owner) -> None:
    load_playbooks()
    client = api_as(analyst)
    alert = alert_on(
        channel_of(owner), severity="high", category="security", key="compromise:channel:7"
    )
    response = client.post(f"{URL}from-alerts/", {"alerts": [alert.pk]}, format="json")
    assert response.status_code == 201, response.json()
    incident = response.json()
    playbook = client.get("/api/v1/playbooks/").json()["results"]
    data_leak = next(p for p in playbook if p["kind"] == "takeover")
    response = client.post(
        f"{URL}{incident['id']}/start-playbook/", {"playbook": data_leak["id"]}, format="json"
    )
    assert response.json()["playbook"] == data_leak["id"]
    timeline = client.get(f"{URL}{incident['id']}/timeline/").json()
    assert [e["code"] for e in timeline] == ["opened", "alert_linked", "playbook_started"]


def test_the_incident_list_takes_a_fixed_number_of_queries(api_as, analyst) -> None:
    client = api_as(analyst)
    for number in range(3):
        _open(analyst, f"Incident {number}")
    client.get(URL)  # warms the content-type cache
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for number in range(20):
        _open(analyst, f"More {number}")
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few) <= 6
