"""The REST API: filters and pagination, permission scoping per role, bad input refused."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialgov.channels.models import AccessGrant, Channel, DiscoveredAccount, LinkedAccount
from socialgov.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db

URL = "/api/v1/channels/"


def _payload(owned_by: User, **overrides):
    payload = {
        "platform": "instagram",
        "handle": "@Mosa.Help",
        "purpose": "customer_service",
        "audience": "external",
        "owner": owned_by.person.pk,  # type: ignore[union-attr]
    }
    payload.update(overrides)
    return payload


def test_the_lead_registers_a_channel_for_an_owner(api_as, lead: User, owner: User) -> None:
    response = api_as(lead).post(URL, _payload(owner), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["handle"] == "mosa.help"
    assert response.json()["owner"] == owner.person.pk  # type: ignore[union-attr]
    assert response.json()["posture_score"] < 100


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"owner": None}, "owner"),
        ({"platform": "myspace"}, "platform"),
        ({"purpose": "fun"}, "purpose"),
        ({"url": "https://x.com/mosa.help"}, "url"),
        ({"handle": "has spaces!"}, "handle"),
        ({"colour": "blue"}, "colour"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_written(
    api_as, lead: User, owner: User, overrides: dict[str, object], field: str
) -> None:
    response = api_as(lead).post(URL, _payload(owner, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Channel.objects.exists()


def test_a_duplicate_handle_is_refused(api_as, lead: User, owner: User) -> None:
    client = api_as(lead)
    assert client.post(URL, _payload(owner), format="json").status_code == 201
    response = client.post(URL, _payload(owner, handle="instagram.com/mosa.help"), format="json")
    assert response.status_code == 400
    assert "already in the register" in response.json()["handle"][0]


def test_a_channel_owner_registers_channels_only_for_themselves(
    api_as, owner: User, teammate: User
) -> None:
    client = api_as(owner)
    assert client.post(URL, _payload(owner), format="json").status_code == 201
    response = client.post(URL, _payload(teammate, handle="other"), format="json")
    assert response.status_code == 403
    assert Channel.objects.count() == 1


@pytest.mark.parametrize("writer", ["auditor", "analyst", "teammate"])
def test_readers_and_employees_cannot_register_or_change_channels(
    api_as, request, writer: str, owner: User, channel: Channel
) -> None:
    client = api_as(request.getfixturevalue(writer))
    assert client.post(URL, _payload(owner, handle="new"), format="json").status_code == 403
    response = client.patch(f"{URL}{channel.pk}/", {"reach": 5}, format="json")
    assert response.status_code in (403, 404)
    channel.refresh_from_db()
    assert channel.reach is None


def test_the_owner_changes_their_channel_but_not_anothers(
    api_as, owner: User, channel: Channel, other_channel: Channel
) -> None:
    client = api_as(owner)
    response = client.patch(f"{URL}{channel.pk}/", {"reach": 5, "mfa": "yes"}, format="json")
    assert response.status_code == 200
    assert response.json()["reach"] == 5
    assert client.patch(f"{URL}{other_channel.pk}/", {"reach": 5}, format="json").status_code == 404


def test_the_list_filters_and_paginates(
    api_as, lead: User, owner: User, outsider: User, make_channel, org, sales
) -> None:
    for n in range(3):
        make_channel(owner.person, handle=f"mosa_m{n}", platform="x", purpose="marketing")
    make_channel(outsider.person, handle="mosa_sales", platform="x", purpose="customer_service")
    client = api_as(lead)
    body = client.get(URL, {"platform": "x", "purpose": "marketing", "limit": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert {r["purpose"] for r in body["results"]} == {"marketing"}
    by_unit = client.get(URL, {"org_unit": sales.pk}).json()
    assert [r["handle"] for r in by_unit["results"]] == ["mosa_sales"]
    by_owner = client.get(URL, {"owner": outsider.person_id}).json()
    assert by_owner["count"] == 1
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


def test_the_list_runs_a_fixed_number_of_queries_whatever_its_length(
    api_as, lead: User, owner: User, teammate: User, make_channel
) -> None:
    client = api_as(lead)
    make_channel(owner.person, deputy=teammate.person)
    client.get(URL)  # reads the lead's roles once; they stay cached on the user
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    for _n in range(15):
        make_channel(owner.person, deputy=teammate.person)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    # The count, the page's ids from the index, then those rows with owners and units joined.
    assert len(many) == len(few) == 3


def test_each_role_lists_what_its_policy_allows(
    api_as, owner: User, teammate: User, auditor: User, channel: Channel, other_channel: Channel
) -> None:
    assert api_as(owner).get(URL).json()["count"] == 1
    assert api_as(auditor).get(URL).json()["count"] == 2
    assert api_as(teammate).get(URL).json()["count"] == 0


def test_access_grants_and_a_complete_review_through_the_api(
    api_as, owner: User, teammate: User, outsider: User, channel: Channel
) -> None:
    client = api_as(owner)
    grants_url = f"{URL}{channel.pk}/access-grants/"
    created = client.post(
        grants_url, {"role": "admin", "external_name": "Jan", "agency": "Pixel"}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert client.post(grants_url, {"role": "admin"}, format="json").status_code == 400
    assert (
        api_as(outsider)
        .post(grants_url, {"role": "admin", "external_name": "X"}, format="json")
        .status_code
        == 404
    )
    assert client.get(grants_url).json()["count"] == 1

    review = client.post("/api/v1/access-reviews/", {"channel": channel.pk}, format="json")
    assert review.status_code == 201
    review_url = f"/api/v1/access-reviews/{review.json()['id']}/"
    grant_id = created.json()["id"]
    stranger = api_as(teammate).post(
        f"{review_url}decisions/", {"grant": grant_id, "decision": "keep"}, format="json"
    )
    assert stranger.status_code == 404  # cannot even see it
    decided = client.post(
        f"{review_url}decisions/", {"grant": grant_id, "decision": "revoke"}, format="json"
    )
    assert decided.status_code == 201
    assert decided.json()["task"] is not None
    done = client.post(f"{review_url}complete/")
    assert done.status_code == 200
    assert done.json()["status"] == "completed"
    assert AccessGrant.objects.get().status == "revoked"


def test_owner_assignment_through_the_api_ends_an_orphaned_status(
    api_as, lead: User, owner: User, teammate: User, channel: Channel
) -> None:
    from socialgov.core.services import person_deactivate

    person_deactivate(actor=None, person=owner.person)  # type: ignore[arg-type]
    response = api_as(lead).post(
        f"{URL}{channel.pk}/owner/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "active"
    assert response.json()["owner"] == teammate.person.pk  # type: ignore[union-attr]


def test_employees_declare_and_withdraw_their_linked_accounts(
    api_as, teammate: User, lead: User, auditor: User
) -> None:
    client = api_as(teammate)
    response = client.post(
        "/api/v1/linked-accounts/",
        {"platform": "x", "handle": "@Me", "relation": "spokesperson", "consent_given": False},
        format="json",
    )
    assert response.status_code == 201
    account_id = response.json()["id"]
    assert response.json()["watch"] == "impersonation"
    assert api_as(lead).get("/api/v1/linked-accounts/").json()["count"] == 1
    assert api_as(auditor).get("/api/v1/linked-accounts/").json()["count"] == 0
    assert api_as(lead).post(f"/api/v1/linked-accounts/{account_id}/withdraw/").status_code == 403
    assert client.post(f"/api/v1/linked-accounts/{account_id}/withdraw/").status_code == 200
    assert LinkedAccount.objects.get().status == "withdrawn"


def test_discovered_accounts_are_recorded_and_triaged_with_an_audit_trail(
    api_as, analyst: User, lead: User, owner: User, teammate: User, channel: Channel
) -> None:
    client = api_as(analyst)
    response = client.post(
        "/api/v1/discovered-accounts/",
        {"platform": "instagram", "handle": "mosa_owned_support", "similarity": 0.9,
         "resembles": channel.pk, "evidence": "asks for card numbers"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    account_url = f"/api/v1/discovered-accounts/{response.json()['id']}/"
    assert (
        api_as(teammate)
        .post(f"{account_url}triage/", {"triage": "ignored"}, format="json")
        .status_code
        == 404
    )
    assert client.post(f"{account_url}triage/", {"triage": "new"}, format="json").status_code == 400
    triaged = client.post(f"{account_url}triage/", {"triage": "impersonation"}, format="json")
    assert triaged.status_code == 200
    assert triaged.json()["incident_task"] is not None
    assert DiscoveredAccount.objects.get().triage == "impersonation"
    assert AuditEvent.objects.filter(verb="discovered_account.triage").count() == 1
    # The owner of the resembled channel sees it too.
    assert api_as(owner).get("/api/v1/discovered-accounts/").json()["count"] == 1


def test_registering_a_discovered_account_as_ours_needs_an_owner(
    api_as, lead: User, owner: User
) -> None:
    client = api_as(lead)
    created = client.post(
        "/api/v1/discovered-accounts/", {"platform": "tiktok", "handle": "mosa.new"}, format="json"
    ).json()
    url = f"/api/v1/discovered-accounts/{created['id']}/triage/"
    assert client.post(url, {"triage": "ours"}, format="json").status_code == 400
    response = client.post(
        url,
        {"triage": "ours", "owner": owner.person_id, "purpose": "marketing",
         "audience": "external"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 200
    assert Channel.objects.get(handle="mosa.new").owner == owner.person


def test_every_employee_reads_the_public_directory_and_nothing_more(
    api_as, teammate: User, channel: Channel
) -> None:
    body = api_as(teammate).get("/api/v1/channel-directory/").json()
    assert [row["handle"] for row in body["results"]] == ["mosa_owned"]
    assert "owner" not in body["results"][0]
    assert "mfa" not in body["results"][0]
    assert api_as(teammate).post("/api/v1/channel-directory/", {}).status_code in (403, 405)


def test_a_grant_is_revoked_through_the_api_by_who_may_change_the_channel(
    api_as, owner: User, outsider: User, auditor: User, channel: Channel, other_channel: Channel
) -> None:
    from socialgov.channels.services import access_grant_add

    grant = access_grant_add(actor=owner, channel=channel, role="editor", external_name="Jan")
    url = f"{URL}{channel.pk}/access-grants/{grant.pk}/revoke/"
    assert api_as(auditor).post(url, {}, format="json").status_code == 403
    assert api_as(outsider).post(url, {}, format="json").status_code == 404
    wrong_channel = f"{URL}{other_channel.pk}/access-grants/{grant.pk}/revoke/"
    assert api_as(outsider).post(wrong_channel, {}, format="json").status_code == 404
    response = api_as(owner).post(url, {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "revoked"


def test_deep_pages_hold_the_right_rows_in_order(
    api_as, lead: User, owner: User, make_channel
) -> None:
    for n in range(12):
        make_channel(owner.person, handle=f"mosa_page_{n:02d}")
    client = api_as(lead)
    seen = []
    for offset in range(0, 12, 5):
        body = client.get(URL, {"limit": 5, "offset": offset}).json()
        seen += [row["handle"] for row in body["results"]]
    assert seen == sorted(seen) == [f"mosa_page_{n:02d}" for n in range(12)]
    assert client.get(URL, {"offset": 100}).json()["results"] == []


def test_reviews_are_listed_per_channel_and_open_only_on_request(
    api_as, owner: User, channel: Channel, make_channel
) -> None:
    from socialgov.channels.services import access_review_open

    second = make_channel(owner.person)
    access_review_open(actor=owner, channel=channel)
    access_review_open(actor=owner, channel=second)
    client = api_as(owner)
    assert client.get("/api/v1/access-reviews/", {"open": "true"}).json()["count"] == 2
    only = client.get("/api/v1/access-reviews/", {"channel": channel.pk}).json()
    assert [row["channel"] for row in only["results"]] == [channel.pk]
    refused = client.get("/api/v1/access-reviews/", {"channel": "x"})
    assert refused.status_code == 400
    assert "channel" in refused.json()


@pytest.mark.parametrize("path", ["/api/v1/access-reviews/", "/api/v1/discovered-accounts/"])
def test_review_and_lookalike_lists_do_not_grow_queries_with_rows(
    api_as, lead: User, owner: User, make_channel, path: str
) -> None:
    from socialgov.channels.services import (
        access_grant_add,
        access_review_decide,
        access_review_open,
        discovered_account_record,
    )

    def add_rows(count: int) -> None:
        for _n in range(count):
            channel = make_channel(owner.person)
            grant = access_grant_add(actor=owner, channel=channel, role="editor", external_name="J")
            review = access_review_open(actor=owner, channel=channel)
            access_review_decide(actor=owner, review=review, grant=grant, decision="keep")
            discovered_account_record(
                actor=lead, platform="x", handle=f"fake_{channel.pk}", resembles=channel
            )

    client = api_as(lead)
    add_rows(1)
    client.get(path)
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    add_rows(6)
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    assert len(many) == len(few)


def test_a_deputy_cannot_take_the_ownership_of_a_channel(
    api_as, owner: User, teammate: User, make_channel
) -> None:
    channel = make_channel(owner.person, deputy=teammate.person)
    response = api_as(teammate).post(
        f"{URL}{channel.pk}/owner/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 403
    channel.refresh_from_db()
    assert channel.owner_id == owner.person_id
    assert channel.deputy_id == teammate.person_id


def test_a_deputy_cannot_give_the_channel_away_or_drop_themselves(
    api_as, owner: User, teammate: User, outsider: User, make_channel
) -> None:
    channel = make_channel(owner.person, deputy=teammate.person)
    client = api_as(teammate)
    url = f"{URL}{channel.pk}/owner/"
    given = client.post(url, {"owner": outsider.person_id}, format="json")
    dropped = client.post(url, {"owner": owner.person_id, "deputy": None}, format="json")
    assert (given.status_code, dropped.status_code) == (403, 403)
    channel.refresh_from_db()
    assert (channel.owner_id, channel.deputy_id) == (owner.person_id, teammate.person_id)


def test_the_owner_hands_over_and_is_told(
    api_as, owner: User, teammate: User, channel: Channel
) -> None:
    from socialgov.core.models import Notification

    response = api_as(owner).post(
        f"{URL}{channel.pk}/owner/", {"owner": teammate.person_id}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["owner"] == teammate.person_id
    assert Notification.objects.filter(recipient=owner.person).exists()


def test_a_hand_over_is_told_to_the_governance_lead_too(
    api_as, owner: User, teammate: User, lead: User, channel: Channel
) -> None:
    from socialgov.core.models import Notification

    api_as(owner).post(f"{URL}{channel.pk}/owner/", {"owner": teammate.person_id}, format="json")
    assert Notification.objects.filter(
        recipient=lead.person, subject__startswith="Change of channel owner"
    ).exists()
