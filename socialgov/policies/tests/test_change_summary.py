"""A version's change summary is written per language, like its title and body."""

from __future__ import annotations

import pytest
from django.utils import translation

from socialgov.policies import services

pytestmark = pytest.mark.django_db


def test_the_change_summary_reads_in_each_language_and_reaches_the_approver_in_theirs(
    lead, owner, mailoutbox, django_capture_on_commit_callbacks
) -> None:
    owner.person.language = "nl"
    owner.person.save(update_fields=["language"])
    policy = services.policy_create(
        actor=lead, key="staff", title={"en": "Staff"}, owner=lead.person, approver=owner.person
    )
    version = services.policy_version_create(
        actor=lead,
        policy=policy,
        title={"en": "Staff"},
        body={"en": "Be kind"},
        change_summary={"en": "Shorter rules", "nl": " Kortere regels "},
    )
    assert version.change_summary == {"en": "Shorter rules", "nl": "Kortere regels"}
    with translation.override("fr"):
        assert version.change_summary_in() == "Shorter rules"  # no French: the English
    with django_capture_on_commit_callbacks(execute=True):
        services.policy_version_submit(actor=lead, version=version)
    assert "Kortere regels" in mailoutbox[0].body


def test_a_change_summary_in_an_unknown_language_is_refused_naming_the_field(api_as, lead):
    policy = services.policy_create(actor=lead, key="staff", title={"en": "S"}, owner=lead.person)
    response = api_as(lead).post(
        "/api/v1/policy-versions/",
        {
            "policy": policy.pk,
            "title": {"en": "S"},
            "body": {"en": "B"},
            "change_summary": {"xx": "what"},
        },
        format="json",
    )
    assert response.status_code == 400
    assert "change_summary" in response.json()
