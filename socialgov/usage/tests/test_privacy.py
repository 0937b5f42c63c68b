"""Who reads the usage figures, and that no small group and no person ever appears in them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from socialgov.core.models import AuditEvent, User
from socialgov.usage import services
from socialgov.usage.models import ReaderCapacity, UsageReport

pytestmark = pytest.mark.django_db

SMALL_UNIT = "Tiny Legal"


def page_as(client: Client, user: User, path: str) -> Any:
    client.force_login(user)
    return client.get(path)


def personal_markers(staff: dict[str, list[User]]) -> list[str]:
    """What would identify a person: user names, e-mail addresses, first and last names."""
    found = []
    for members in staff.values():
        for user in members:
            assert user.person is not None
            found += [user.username, user.person.email, user.person.full_name]
    return found


def test_a_unit_of_three_people_is_never_shown_on_the_page_nor_through_the_api(
    client: Client,
    api_as: Any,
    lead: User,
    staff: dict[str, list[User]],
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
) -> None:
    report = process_upload(everyone_visits)
    assert report.status == "done"

    page = page_as(client, lead, f"/monitoring/usage/{report.pk}/").content.decode()
    api = api_as(lead).get(f"/api/v1/usage-reports/{report.pk}/")
    body = json.dumps(api.json())

    assert "Marketing" in page and "Finance" in page
    assert "Marketing" in body
    assert SMALL_UNIT not in page
    assert SMALL_UNIT not in body
    # Its three people are pooled with the lead's unit (one person): still too few to show.
    pooled = next(u for u in api.json()["figures"]["org_units"] if u["org_unit"].startswith("("))
    assert pooled["suppressed"] is True
    assert "minutes" not in pooled


def test_no_person_appears_anywhere_in_a_report(
    client: Client,
    api_as: Any,
    lead: User,
    staff: dict[str, list[User]],
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
) -> None:
    report = process_upload(everyone_visits)

    page = page_as(client, lead, f"/monitoring/usage/{report.pk}/").content.decode()
    listing = page_as(client, lead, "/monitoring/usage/").content.decode()
    api = json.dumps(api_as(lead).get(f"/api/v1/usage-reports/{report.pk}/").json())
    stored = json.dumps(UsageReport.objects.get(pk=report.pk).figures)

    for marker in personal_markers(staff):
        for text in (page, listing, api, stored):
            assert marker not in text


def test_an_employee_gets_403_on_the_usage_pages_and_api(
    client: Client,
    api_as: Any,
    outsider: User,
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
) -> None:
    report = process_upload(everyone_visits)
    client.force_login(outsider)

    assert client.get("/monitoring/usage/").status_code == 403
    assert client.get(f"/monitoring/usage/{report.pk}/").status_code == 403
    assert client.get("/monitoring/usage/readers/").status_code == 403
    assert api_as(outsider).get("/api/v1/usage-reports/").status_code == 403
    assert api_as(outsider).get(f"/api/v1/usage-reports/{report.pk}/").status_code == 403
    assert not AuditEvent.objects.filter(verb="usage_report.view").exists()


def test_admins_and_auditors_do_not_read_usage_without_a_grant(
    client: Client, admin_user: User, auditor: User
) -> None:
    for user in (admin_user, auditor):
        client.force_login(user)
        assert client.get("/monitoring/usage/").status_code == 403


def test_a_works_council_member_reads_once_the_lead_grants_it_and_not_after_revocation(
    client: Client,
    lead: User,
    teammate: User,
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
) -> None:
    report = process_upload(everyone_visits)
    client.force_login(teammate)
    assert client.get(f"/monitoring/usage/{report.pk}/").status_code == 403

    client.force_login(lead)
    granted = client.post(
        "/monitoring/usage/readers/", {"username": "teammate", "capacity": "works_council"}
    )
    assert granted.status_code == 302

    client.force_login(teammate)
    opened = client.get(f"/monitoring/usage/{report.pk}/")
    assert opened.status_code == 200
    assert b"Marketing" in opened.content
    assert client.post("/monitoring/usage/", {}).status_code == 403  # reads, never uploads

    grant = teammate.usage_reader_grant
    client.force_login(lead)
    client.post(f"/monitoring/usage/readers/{grant.pk}/revoke/")
    client.force_login(teammate)
    assert client.get(f"/monitoring/usage/{report.pk}/").status_code == 403
    verbs = list(
        AuditEvent.objects.filter(verb__startswith="usage_reader.")
        .order_by("id")
        .values_list("verb", flat=True)
    )
    assert verbs == ["usage_reader.grant", "usage_reader.revoke"]


def test_only_a_governance_lead_grants_read_access(owner: User, teammate: User) -> None:
    with pytest.raises(PermissionDenied):
        services.usage_reader_grant(
            actor=owner, user=teammate, capacity=ReaderCapacity.WORKS_COUNCIL
        )


def test_every_view_of_a_report_is_audited_with_who_and_how(
    client: Client,
    api_as: Any,
    lead: User,
    everyone_visits: bytes,
    process_upload: Callable[..., UsageReport],
) -> None:
    report = process_upload(everyone_visits)

    page_as(client, lead, f"/monitoring/usage/{report.pk}/")
    page_as(client, lead, f"/monitoring/usage/{report.pk}/")
    api_as(lead).get(f"/api/v1/usage-reports/{report.pk}/")

    views = AuditEvent.objects.filter(verb="usage_report.view", target_id=str(report.pk))
    assert [(e.actor_label, e.changes["via"]) for e in views.order_by("id")] == [
        ("lead", "web"),
        ("lead", "web"),
        ("lead", "api"),
    ]


def test_the_page_states_purpose_legal_basis_and_retention_in_the_readers_language(
    client: Client, lead: User, settings: Any
) -> None:
    settings.SOCIALGOV_USAGE_RETENTION_DAYS = 45
    client.force_login(lead)

    english = client.get("/monitoring/usage/").content.decode()
    assert lead.person is not None
    lead.person.language = "nl"
    lead.person.save()
    dutch = client.get("/monitoring/usage/").content.decode()

    for text in ("Purpose", "Legal basis", "Retention", "45 days", "no. 81"):
        assert text in english
    assert "Rechtsgrond" in dutch and "45 dagen" in dutch
