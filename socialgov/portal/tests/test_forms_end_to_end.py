"""The HTML forms a lead uses, posted as a browser would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from socialgov.assessments.models import Assessment, MaturityModel
from socialgov.awareness.models import Assignment, AwarenessCampaign, TrainingModule
from socialgov.library.importer import library_load
from socialgov.policies import services as policy_services
from socialgov.policies.models import AcknowledgementRequest, VersionStatus
from socialgov.policies.tests.helpers import make_policy
from socialgov.strategy.models import Objective

pytestmark = pytest.mark.django_db
LIBRARY = Path(__file__).resolve().parents[3] / "library"
SOON = (timezone.localdate() + dt.timedelta(days=14)).isoformat()


def test_a_lead_drafts_and_publishes_a_policy_to_an_org_unit(
    client, lead, admin_user, comms, teammate
):
    policy = make_policy(owner=lead.person)
    client.force_login(lead)
    response = client.post(
        reverse("policies:version-create", args=[policy.pk]),
        {
            "title_en": "Rules",
            "body_en": "Be kind <script>x</script>",
            "change_summary_en": "first",
        },
    )
    assert response.status_code == 302
    version = policy.versions.get()
    client.post(reverse("policies:version-action", args=[version.pk, "submit"]))
    policy_services.policy_version_approve(actor=admin_user, version=version)
    response = client.post(
        reverse("policies:version-publish", args=[version.pk]),
        {"org_units": [comms.pk], "deadline": SOON, "channel_ids": ""},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED
    assert set(AcknowledgementRequest.objects.values_list("person_id", flat=True)) == {
        teammate.person_id
    }
    page = client.get(reverse("policies:version-read", args=[version.pk]))
    assert b"<script>x" not in page.content and b"&lt;script&gt;x" in page.content


def test_publishing_without_an_audience_shows_the_error_and_keeps_the_version(
    client, lead, admin_user
):
    policy = make_policy(owner=lead.person)
    version = policy_services.policy_version_create(
        actor=lead, policy=policy, title={"en": "P"}, body={"en": "t"}
    )
    policy_services.policy_version_submit(actor=lead, version=version)
    policy_services.policy_version_approve(actor=admin_user, version=version)
    client.force_login(lead)
    response = client.post(
        reverse("policies:version-publish", args=[version.pk]), {"deadline": SOON}
    )
    assert response.status_code == 200
    assert b"Choose an audience" in response.content
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED


def test_an_employee_cannot_open_the_publish_form(client, lead, teammate):
    policy = make_policy(owner=lead.person)
    version = policy_services.policy_version_create(
        actor=lead, policy=policy, title={"en": "P"}, body={"en": "t"}
    )
    client.force_login(teammate)
    assert client.get(reverse("policies:version-publish", args=[version.pk])).status_code == 404


def test_a_lead_starts_an_awareness_campaign(client, lead, comms, teammate):
    library_load(paths=[LIBRARY / "training"])
    module = TrainingModule.objects.get(key="phishing-account-takeover")
    client.force_login(lead)
    response = client.post(
        reverse("awareness:campaign-create"),
        {
            "title": "Phishing 2027",
            "modules": [module.pk],
            "recurrence": "yearly",
            "roles": ["employee"],
            "deadline": SOON,
        },
    )
    assert response.status_code == 302, response.content[:500]
    campaign = AwarenessCampaign.objects.get()
    assert campaign.recurrence == "yearly"
    assert list(Assignment.objects.values_list("person_id", flat=True)) == [teammate.person_id]


def test_a_lead_starts_an_assessment_and_an_objective(client, lead, owner):
    library_load(paths=[LIBRARY / "maturity"])
    client.force_login(lead)
    response = client.post(
        reverse("assessments:assessment-create"),
        {
            "title": "Baseline",
            "model": MaturityModel.objects.get().pk,
            "respondents": [lead.person_id, owner.person_id],
        },
    )
    assert response.status_code == 302
    assert Assessment.objects.get().respondents.count() == 2
    response = client.post(
        reverse("strategy:objective-create"),
        {
            "title": "Recruit",
            "usage_type": "recruitment",
            "kpi": "Applications",
            "target_value": "60",
            "period_start": timezone.localdate().isoformat(),
            "period_end": SOON,
            "owner": owner.person_id,
        },
    )
    assert response.status_code == 302
    assert Objective.objects.get().usage_type == "recruitment"
