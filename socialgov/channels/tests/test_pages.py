"""The HTML pages: register, detail, forms, reviews, linked accounts; scoped by role."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from socialgov.channels.models import AccessReview, Channel, LinkedAccount
from socialgov.channels.services import access_grant_add
from socialgov.core.models import User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_register_lists_what_the_user_may_see_with_filters(
    lead: User, owner: User, channel: Channel, other_channel: Channel
) -> None:
    page = _client(lead).get("/channels/", {"search": "owned"}).content.decode()
    assert "Mosa owned" in page and "Elsewhere" not in page
    page = _client(owner).get("/channels/").content.decode()
    assert "Mosa owned" in page and "Elsewhere" not in page


def test_an_employee_gets_the_public_directory_without_owners_or_posture(
    teammate: User, channel: Channel
) -> None:
    response = _client(teammate).get("/channels/")
    page = response.content.decode()
    assert "Channel directory" in page
    assert "Mosa owned" in page
    assert str(channel.owner) not in page
    assert _client(teammate).get(f"/channels/{channel.pk}/").status_code == 404


def test_the_detail_page_shows_owner_posture_and_grants(
    owner: User, teammate: User, channel: Channel
) -> None:
    access_grant_add(actor=owner, channel=channel, role="editor", external_name="<b>Jan</b>")
    page = _client(owner).get(f"/channels/{channel.pk}/").content.decode()
    assert str(channel.owner) in page
    assert "Score" in page and "multi-factor authentication" in page
    assert "&lt;b&gt;Jan&lt;/b&gt;" in page  # escaped, never trusted


def test_a_channel_owner_registers_a_channel_through_the_form(owner: User) -> None:
    response = _client(owner).post(
        "/channels/new/",
        {
            "platform": "x",
            "handle": "https://x.com/Mosa_New",
            "purpose": "marketing",
            "audience": "external",
            "status": "active",
            "owner": owner.person.pk,  # type: ignore[union-attr]
            "mfa": "yes",
            "credential_custody": "password_manager",
            "recovery_email_owned": "yes",
            "recovery_phone_owned": "yes",
            "third_party_apps": 0,
        },
    )
    assert response.status_code == 302
    assert Channel.objects.get().handle == "mosa_new"


def test_the_form_shows_the_services_refusal_on_the_field(owner: User, channel: Channel) -> None:
    response = _client(owner).post(
        "/channels/new/",
        {
            "platform": "instagram",
            "handle": "MOSA_OWNED",
            "purpose": "marketing",
            "audience": "external",
            "status": "active",
            "owner": owner.person.pk,  # type: ignore[union-attr]
            "mfa": "unknown",
            "credential_custody": "unknown",
            "recovery_email_owned": "unknown",
            "recovery_phone_owned": "unknown",
            "third_party_apps": 0,
        },
    )
    assert response.status_code == 200
    assert "already in the register" in response.content.decode()
    assert Channel.objects.count() == 1


def test_an_employee_cannot_open_the_registration_form(teammate: User, auditor: User) -> None:
    assert _client(teammate).get("/channels/new/").status_code == 403
    assert _client(auditor).get("/channels/new/").status_code == 403


def test_the_owner_completes_an_access_review_on_the_review_screen(
    owner: User, teammate: User, channel: Channel
) -> None:
    grant = access_grant_add(actor=owner, channel=channel, role="editor", person=teammate.person)
    client = _client(owner)
    response = client.post(f"/channels/{channel.pk}/reviews/new/")
    review = AccessReview.objects.get()
    assert response.url == f"/channels/reviews/{review.pk}/"  # type: ignore[attr-defined]
    early = client.post(f"/channels/reviews/{review.pk}/", {"complete": "1"})
    assert early.status_code == 400
    client.post(f"/channels/reviews/{review.pk}/", {"grant": grant.pk, "decision": "keep"})
    done = client.post(f"/channels/reviews/{review.pk}/", {"complete": "1"})
    assert done.status_code == 302
    review.refresh_from_db()
    assert review.status == "completed"


def test_an_employee_declares_and_withdraws_a_linked_account(teammate: User) -> None:
    client = _client(teammate)
    response = client.post(
        "/channels/linked/",
        {"platform": "linkedin", "handle": "in/me", "relation": "mentions_employer",
         "watch": "impersonation"},
    )  # fmt: skip
    assert response.status_code == 302
    account = LinkedAccount.objects.get()
    assert client.post(f"/channels/linked/{account.pk}/withdraw/").status_code == 302
    account.refresh_from_db()
    assert account.status == "withdrawn"


def test_only_the_governance_lead_opens_the_linked_account_register(
    lead: User, admin_user: User, auditor: User
) -> None:
    page = _client(lead).get("/channels/linked/register/")
    assert page.status_code == 200
    assert b'href="/monitoring/connectors/new/"' in page.content  # how to have posts read
    assert _client(admin_user).get("/channels/linked/register/").status_code == 403
    assert _client(auditor).get("/channels/linked/register/").status_code == 403


def test_the_import_page_rejects_a_bad_file_and_the_export_downloads(
    lead: User, owner: User, channel: Channel
) -> None:
    client = _client(lead)
    upload = io.BytesIO(b"platform,handle,purpose,audience,owner\nmyspace,a,b,c,d\n")
    upload.name = "channels.csv"
    response = client.post("/channels/import/", {"file": upload})
    assert response.status_code == 400
    assert "line 2" in response.content.decode()
    export = client.get("/channels/export.csv")
    assert export["Content-Type"].startswith("text/csv")
    assert b"mosa_owned" in export.content


def test_the_dashboard_shows_channel_cards_to_the_owner(owner: User, channel: Channel) -> None:
    page = _client(owner).get("/").content.decode()
    assert "Channels I can manage" in page


def test_other_apps_add_sections_to_the_channel_page(owner: User, channel: Channel) -> None:
    from socialgov.channels import sections

    def risks(user, shown):
        return sections.ChannelSection("Risks of this channel", "channels/_filters.html")

    sections.register_channel_section(risks)
    try:
        page = _client(owner).get(f"/channels/{channel.pk}/").content.decode()
    finally:
        sections._providers.remove(risks)
    assert "Risks of this channel" in page


def test_a_channel_owner_without_channels_yet_can_register_one(owner: User) -> None:
    page = _client(owner).get("/channels/").content.decode()
    assert "Register a channel" in page


def test_the_register_page_runs_a_fixed_number_of_queries(
    lead: User, owner: User, make_channel
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(lead)
    make_channel(owner.person)
    client.get("/channels/")
    with CaptureQueriesContext(connection) as few:
        client.get("/channels/")
    for _n in range(10):
        make_channel(owner.person)
    with CaptureQueriesContext(connection) as many:
        client.get("/channels/")
    assert len(many) == len(few)
