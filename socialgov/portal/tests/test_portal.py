from __future__ import annotations

import pytest
from django.urls import reverse

from socialgov.core.models import Role, Task, TaskPriority
from socialgov.core.services import role_assign
from socialgov.policies.tests.helpers import make_policy, publish
from socialgov.portal.services import issue_handler

pytestmark = pytest.mark.django_db


def test_the_portal_lists_what_is_asked_of_the_person(client, lead, admin_user, teammate):
    version, _ = publish(lead=lead, approver=admin_user, policy=make_policy(owner=lead.person))
    client.force_login(teammate)
    page = client.get(reverse("portal:home"))
    assert page.status_code == 200
    assert reverse("policies:version-read", args=[version.pk]).encode() in page.content


def test_the_portal_speaks_the_persons_language(client, teammate):
    teammate.person.language = "nl"
    teammate.person.save()
    client.force_login(teammate)
    page = client.get(reverse("portal:home"))
    assert b"Een socialemediaprobleem melden" in page.content


def test_reporting_an_issue_creates_a_task_for_the_governance_lead(client, lead, teammate):
    client.force_login(teammate)
    response = client.post(
        reverse("portal:report-issue"),
        {
            "summary": "Fake account of our CEO",
            "link": "https://social.example/fake",
            "urgent": "on",
        },
    )
    assert response.status_code == 302
    task = Task.objects.get(source="portal_report")
    assert task.owner == lead.person
    assert task.priority == TaskPriority.URGENT
    assert "https://social.example/fake" in task.description


def test_the_nearest_unit_lead_handles_reports_from_their_unit(lead, owner, teammate, comms):
    role_assign(actor=None, user=owner, role=Role.GOVERNANCE_LEAD, org_unit=comms)
    assert issue_handler(teammate.person) == owner.person


def test_an_empty_report_is_refused_and_writes_nothing(client, lead, teammate):
    client.force_login(teammate)
    response = client.post(reverse("portal:report-issue"), {"summary": "  "})
    assert response.status_code == 400
    assert not Task.objects.exists()


def test_the_portal_invites_people_to_declare_linked_accounts(client, teammate):
    client.force_login(teammate)
    page = client.get(reverse("portal:home"))
    assert reverse("channels:linked-register").encode() in page.content
