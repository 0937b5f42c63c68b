from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from socialgov.core.models import AuditEvent
from socialgov.policies import services
from socialgov.policies.audience import Audience
from socialgov.policies.models import (
    Acknowledgement,
    AcknowledgementMethod,
    AcknowledgementRequest,
    RequestStatus,
    VersionStatus,
)
from socialgov.policies.tests.helpers import make_policy, publish

pytestmark = pytest.mark.django_db


def test_publishing_asks_the_whole_audience_and_is_audited(lead, admin_user, teammate, outsider):
    policy = make_policy(owner=lead.person)
    version, campaign = publish(lead=lead, approver=admin_user, policy=policy)
    asked = set(campaign.requests.values_list("person_id", flat=True))
    assert {teammate.person_id, outsider.person_id, lead.person_id} <= asked
    assert version.status == VersionStatus.PUBLISHED
    assert AuditEvent.objects.filter(verb="acknowledgement_campaign.start").exists()


def test_an_acknowledgement_records_person_exact_version_time_and_method(
    lead, admin_user, teammate
):
    version, _campaign = publish(
        lead=lead, approver=admin_user, policy=make_policy(owner=lead.person)
    )
    ack = services.policy_acknowledge(
        actor=teammate,
        person=teammate.person,
        version=version,
        method=AcknowledgementMethod.EMAIL_LINK,
    )
    assert (ack.person, ack.version, ack.method) == (
        teammate.person,
        version,
        AcknowledgementMethod.EMAIL_LINK,
    )
    assert ack.acknowledged_at is not None
    request = AcknowledgementRequest.objects.get(person=teammate.person)
    assert request.status == RequestStatus.ACKNOWLEDGED and request.acknowledgement == ack


def test_it_refuses_a_second_acknowledgement_of_the_same_version(lead, admin_user, teammate):
    version, _ = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=version)
    with pytest.raises(ValidationError, match="already acknowledged"):
        services.policy_acknowledge(actor=teammate, person=teammate.person, version=version)
    assert Acknowledgement.objects.count() == 1


def test_it_refuses_to_acknowledge_a_version_that_is_not_published(lead, teammate):
    policy = make_policy(owner=lead.person)
    draft = services.policy_version_create(
        actor=lead, policy=policy, title={"en": "Draft"}, body={"en": "text"}
    )
    with pytest.raises(ValidationError, match="not published"):
        services.policy_acknowledge(actor=teammate, person=teammate.person, version=draft)
    assert not Acknowledgement.objects.exists()


def test_it_refuses_to_acknowledge_a_version_not_addressed_to_the_person(
    lead, admin_user, teammate, outsider, comms
):
    version, _ = publish(
        lead=lead,
        approver=admin_user,
        policy=make_policy(owner=lead.person),
        audience=Audience(org_units=[comms]),
    )
    with pytest.raises(ValidationError, match="not addressed to you"):
        services.policy_acknowledge(actor=outsider, person=outsider.person, version=version)
    assert not Acknowledgement.objects.exists()


def test_a_minor_version_does_not_ask_people_who_acknowledged_the_major_again(
    lead, admin_user, teammate, outsider
):
    policy = make_policy(owner=lead.person)
    first, _ = publish(lead=lead, approver=admin_user, policy=policy)
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=first)
    minor, campaign = publish(lead=lead, approver=admin_user, policy=policy)
    assert minor.number == "1.1"
    asked = set(campaign.requests.values_list("person_id", flat=True))
    assert teammate.person_id not in asked
    assert outsider.person_id in asked  # never acknowledged 1.0: asked for 1.1
    first.refresh_from_db()
    assert first.status == VersionStatus.RETIRED


def test_a_major_version_asks_everyone_again(lead, admin_user, teammate):
    policy = make_policy(owner=lead.person)
    first, _ = publish(lead=lead, approver=admin_user, policy=policy)
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=first)
    major, campaign = publish(lead=lead, approver=admin_user, policy=policy, major=True)
    assert major.number == "2.0"
    assert campaign.requests.filter(person=teammate.person).exists()
    services.policy_acknowledge(actor=teammate, person=teammate.person, version=major)


def test_a_new_version_supersedes_pending_requests_for_the_old_one(lead, admin_user, outsider):
    policy = make_policy(owner=lead.person)
    publish(lead=lead, approver=admin_user, policy=policy)
    publish(lead=lead, approver=admin_user, policy=policy, major=True)
    statuses = list(
        AcknowledgementRequest.objects.filter(person=outsider.person)
        .order_by("campaign_id")
        .values_list("status", flat=True)
    )
    assert statuses == [RequestStatus.SUPERSEDED, RequestStatus.PENDING]


def test_the_submitter_cannot_approve_their_own_version(lead):
    policy = make_policy(owner=lead.person)
    version = services.policy_version_create(
        actor=lead, policy=policy, title={"en": "Policy"}, body={"en": "text"}
    )
    services.policy_version_submit(actor=lead, version=version)
    with pytest.raises(ValidationError, match="cannot also approve"):
        services.policy_version_approve(actor=lead, version=version)
    version.refresh_from_db()
    assert version.status == VersionStatus.IN_REVIEW


def test_only_the_named_approver_approves(lead, admin_user, analyst):
    policy = services.policy_create(
        actor=None, key="p", title={"en": "P"}, owner=lead.person, approver=admin_user.person
    )
    version = services.policy_version_create(
        actor=lead, policy=policy, title={"en": "P"}, body={"en": "text"}
    )
    services.policy_version_submit(actor=lead, version=version)
    with pytest.raises(ValidationError, match="approver"):
        services.policy_version_approve(actor=analyst, version=version)
    services.policy_version_approve(actor=admin_user, version=version)


def test_a_version_cannot_skip_review(lead):
    version = services.policy_version_create(
        actor=lead, policy=make_policy(owner=lead.person), title={"en": "P"}, body={"en": "t"}
    )
    with pytest.raises(ValidationError):
        services.policy_version_publish(
            actor=lead,
            version=version,
            audience=Audience(everyone=True),
            deadline=timezone.localdate() + dt.timedelta(days=3),
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_it_refuses_a_deadline_in_the_past_and_writes_nothing(lead, admin_user):
    policy = make_policy(owner=lead.person)
    version = services.policy_version_create(
        actor=lead, policy=policy, title={"en": "P"}, body={"en": "t"}
    )
    services.policy_version_submit(actor=lead, version=version)
    services.policy_version_approve(actor=admin_user, version=version)
    with pytest.raises(ValidationError):
        services.policy_version_publish(
            actor=lead,
            version=version,
            audience=Audience(everyone=True),
            deadline=timezone.localdate() - dt.timedelta(days=1),
        )
    version.refresh_from_db()
    assert version.status == VersionStatus.APPROVED
    assert not AcknowledgementRequest.objects.exists()


def test_a_version_with_text_in_an_unknown_language_is_refused(lead):
    with pytest.raises(ValidationError, match="Unknown language"):
        services.policy_version_create(
            actor=lead,
            policy=make_policy(owner=lead.person),
            title={"en": "P"},
            body={"de": "Text"},
        )


def test_a_policy_due_for_review_gives_its_owner_one_task(lead, owner):
    from socialgov.core.models import Task

    policy = make_policy(owner=owner.person)
    services.policy_update(actor=lead, policy=policy, review_date=timezone.localdate())
    assert services.policy_reviews_due(today=timezone.localdate() - dt.timedelta(days=1)) == []
    tasks = services.policy_reviews_due()
    assert [task.owner for task in tasks] == [owner.person]
    assert services.policy_reviews_due() == []
    assert Task.objects.filter(source="policy_review").count() == 1


def test_a_lead_starts_a_policy_from_a_library_template(client, lead):
    from pathlib import Path

    from django.urls import reverse

    from socialgov.library.importer import library_load
    from socialgov.policies.models import Policy, PolicyTemplate

    library_load(paths=[Path(__file__).resolve().parents[3] / "library" / "policies"])
    template = PolicyTemplate.objects.get(key="personal-use-guideline")
    client.force_login(lead)
    response = client.post(
        reverse("policies:policy-create"),
        {
            "template": template.pk,
            "key": "private-use",
            "category": "personal_use",
            "owner": lead.person_id,
        },
    )
    assert response.status_code == 302
    policy = Policy.objects.get(key="private-use")
    draft = policy.versions.get()
    assert draft.status == VersionStatus.DRAFT
    assert set(draft.body) == {"en", "nl", "fr"}
    assert policy.title == template.title
