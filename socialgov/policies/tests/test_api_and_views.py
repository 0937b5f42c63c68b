from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from socialgov.policies.links import acknowledgement_url
from socialgov.policies.models import Acknowledgement, Policy
from socialgov.policies.tests.helpers import make_policy, publish

pytestmark = pytest.mark.django_db


def _deadline() -> str:
    return (timezone.localdate() + dt.timedelta(days=10)).isoformat()


def test_a_lead_drafts_reviews_and_publishes_through_the_api(api_as, lead, admin_user, teammate):
    created = api_as(lead).post(
        "/api/v1/policies/",
        {"key": "staff", "title": {"en": "Staff policy"}, "owner": lead.person_id},
        format="json",
    )
    assert created.status_code == 201, created.json()
    version = api_as(lead).post(
        "/api/v1/policy-versions/",
        {"policy": created.json()["id"], "title": {"en": "Staff"}, "body": {"en": "Be kind"}},
        format="json",
    )
    assert version.status_code == 201, version.json()
    pk = version.json()["id"]
    assert api_as(lead).post(f"/api/v1/policy-versions/{pk}/submit/").status_code == 200
    assert api_as(admin_user).post(f"/api/v1/policy-versions/{pk}/approve/").status_code == 200
    published = api_as(lead).post(
        f"/api/v1/policy-versions/{pk}/publish/",
        {"everyone": True, "deadline": _deadline()},
        format="json",
    )
    assert published.status_code == 201, published.json()
    ack = api_as(teammate).post("/api/v1/acknowledgements/", {"version": pk}, format="json")
    assert ack.status_code == 201
    assert ack.json()["method"] == "api"
    again = api_as(teammate).post("/api/v1/acknowledgements/", {"version": pk}, format="json")
    assert again.status_code == 400
    assert Acknowledgement.objects.count() == 1


def test_an_employee_cannot_create_policies_and_an_auditor_cannot_write(
    api_as, teammate, auditor, lead
):
    payload = {"key": "x", "title": {"en": "X"}, "owner": lead.person_id}
    assert api_as(teammate).post("/api/v1/policies/", payload, format="json").status_code == 403
    assert api_as(auditor).post("/api/v1/policies/", payload, format="json").status_code == 403
    assert not Policy.objects.exists()


def test_employees_see_published_versions_but_not_drafts(api_as, lead, admin_user, teammate):
    policy = make_policy(owner=lead.person)
    publish(lead=lead, approver=admin_user, policy=policy)
    from socialgov.policies import services

    services.policy_version_create(
        actor=lead, policy=policy, title={"en": "Next"}, body={"en": "secret draft"}, major=True
    )
    seen = api_as(teammate).get("/api/v1/policy-versions/").json()["results"]
    assert [v["status"] for v in seen] == ["published"]
    assert len(api_as(lead).get("/api/v1/policy-versions/").json()["results"]) == 2


def test_acknowledging_a_draft_by_api_is_refused(api_as, lead, teammate):
    from socialgov.policies import services

    draft = services.policy_version_create(
        actor=lead, policy=make_policy(owner=lead.person), title={"en": "D"}, body={"en": "d"}
    )
    response = api_as(teammate).post(
        "/api/v1/acknowledgements/", {"version": draft.pk}, format="json"
    )
    assert response.status_code == 400
    assert not Acknowledgement.objects.exists()


def test_unknown_fields_and_bad_translations_are_refused(api_as, lead):
    response = api_as(lead).post(
        "/api/v1/policies/",
        {"key": "x", "title": {"xx": "X"}, "owner": lead.person_id, "is_admin": True},
        format="json",
    )
    assert response.status_code == 400
    assert "is_admin" in response.json()


def test_people_see_their_own_acknowledgements_and_leads_see_all(
    api_as, lead, admin_user, teammate, outsider
):
    from socialgov.policies import services

    version, _ = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=version)
    services.policy_acknowledge(actor=outsider, person=outsider.person, version=version)
    mine = api_as(teammate).get("/api/v1/acknowledgements/").json()["results"]
    assert [a["person"] for a in mine] == [teammate.person_id]
    assert len(api_as(lead).get("/api/v1/acknowledgements/").json()["results"]) == 2


def test_an_employee_acknowledges_in_the_portal(client, lead, admin_user, teammate):
    version, _ = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    client.force_login(teammate)
    page = client.get(reverse("policies:version-read", args=[version.pk]))
    assert b"I have read and accept" in page.content
    client.post(reverse("policies:version-acknowledge", args=[version.pk]))
    assert Acknowledgement.objects.get().method == "portal"


def test_the_e_mail_link_works_only_for_the_person_it_was_sent_to(
    client, lead, admin_user, teammate, outsider
):
    version, _ = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    url = acknowledgement_url(teammate.person_id, version.pk)
    client.force_login(outsider)
    assert client.post(url).status_code == 403
    client.force_login(teammate)
    client.post(url)
    assert Acknowledgement.objects.get().method == "email_link"
    assert client.get(url[:-5] + "xxxx/").status_code == 404


def test_evidence_export_is_only_for_those_who_see_the_campaign(
    client, lead, admin_user, auditor, teammate
):
    _, campaign = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    client.force_login(auditor)
    response = client.get(reverse("policies:campaign-export", args=[campaign.pk, "csv"]))
    assert response.status_code == 200
    assert teammate.person.employee_id.encode() in response.content
    client.force_login(teammate)
    assert (
        client.get(reverse("policies:campaign-export", args=[campaign.pk, "csv"])).status_code
        == 404
    )


def test_completion_per_org_unit_counts_acknowledged_and_overdue(lead, admin_user, teammate, owner):
    from socialgov.policies import selectors, services

    version, campaign = publish(
        lead=lead, approver=admin_user, policy=make_policy(owner=lead.person)
    )
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=version)
    rows = {
        row.label: row for row in selectors.completion_by_org_unit(user=lead, campaign=campaign)
    }
    assert rows["Communication"].asked == 2
    assert rows["Communication"].done == 1
    assert rows["Communication"].rate == 50.0
    campaign.deadline = timezone.localdate() - dt.timedelta(days=1)
    campaign.save()
    rows = {
        row.label: row for row in selectors.completion_by_org_unit(user=lead, campaign=campaign)
    }
    assert rows["Communication"].overdue == 1


def test_a_policy_owner_follows_the_completion_of_their_policy(lead, admin_user, owner, teammate):
    from socialgov.policies import selectors

    policy = make_policy(owner=owner.person)
    _version, campaign = publish(lead=lead, approver=admin_user, policy=policy)
    asked = sum(
        row.asked for row in selectors.completion_by_org_unit(user=owner, campaign=campaign)
    )
    assert asked == campaign.requests.count()
    mine_only = selectors.completion_by_org_unit(user=teammate, campaign=campaign)
    assert sum(row.asked for row in mine_only) == 1
