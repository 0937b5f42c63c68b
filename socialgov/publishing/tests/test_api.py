"""The drafts API: the same services and permission checks as the pages, bad input a 400
naming the field, and no publication path around the approvals."""

from __future__ import annotations

import pytest

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.publishing.models import Draft, DraftState

pytestmark = pytest.mark.django_db

IBAN_TEXT = "Stort het bedrag op BE68 5390 0754 7034 alstublieft."
CLEAN = "Bedankt voor uw bericht, wij helpen u graag verder."


def test_a_community_manager_creates_a_draft_and_reads_its_blocking_finding(
    api_as, cm: User, channel: Channel
) -> None:
    response = api_as(cm).post(
        "/api/v1/drafts/",
        {"channel": channel.pk, "text": IBAN_TEXT, "language": "nl"},
        format="json",
    )
    assert response.status_code == 201, response.content
    findings = response.json()["findings"]
    assert [f["code"] for f in findings if f["blocks"]] == ["personal_data"]
    assert IBAN_TEXT[findings[0]["start"] : findings[0]["end"]] == "BE68 5390 0754 7034"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": CLEAN, "language": "de"}, "language"),
        ({"text": CLEAN, "language": "nl", "state": "published"}, "state"),
        ({"language": "nl"}, "text"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_writes_nothing(
    api_as, cm: User, channel: Channel, body: dict[str, object], field: str
) -> None:
    response = api_as(cm).post("/api/v1/drafts/", {"channel": channel.pk, **body}, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Draft.objects.exists()


def test_a_channel_outside_the_scope_is_refused(
    api_as, cm: User, channel: Channel, other_channel: Channel
) -> None:
    response = api_as(cm).post(
        "/api/v1/drafts/",
        {"channel": other_channel.pk, "text": CLEAN, "language": "nl"},
        format="json",
    )
    assert response.status_code in (400, 403)
    assert not Draft.objects.exists()


def test_the_review_steps_through_the_api_with_no_self_approval(
    api_as, cm: User, owner: User, channel: Channel
) -> None:
    client = api_as(cm)
    created = client.post(
        "/api/v1/drafts/", {"channel": channel.pk, "text": CLEAN, "language": "nl"}, format="json"
    ).json()
    url = f"/api/v1/drafts/{created['id']}/"
    assert client.post(url + "submit/", {}, format="json").json()["state"] == DraftState.IN_REVIEW
    assert client.post(url + "approve/", {}, format="json").status_code == 403
    approved = api_as(owner).post(url + "approve/", {}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == DraftState.APPROVED
    edited = client.patch(url, {"text": CLEAN + " Tot morgen."}, format="json")
    assert edited.json()["state"] == DraftState.IN_REVIEW


def test_a_blocked_draft_is_not_approved_through_the_api_without_an_override(
    api_as, cm: User, owner: User, channel: Channel
) -> None:
    created = (
        api_as(cm)
        .post(
            "/api/v1/drafts/",
            {"channel": channel.pk, "text": IBAN_TEXT, "language": "nl"},
            format="json",
        )
        .json()
    )
    url = f"/api/v1/drafts/{created['id']}/"
    api_as(cm).post(url + "submit/", {}, format="json")
    refused = api_as(owner).post(url + "approve/", {}, format="json")
    assert refused.status_code == 400 and "text" in refused.json()
    override = api_as(owner).post(url + "override/", {"reason": ""}, format="json")
    assert override.status_code == 400 and "reason" in override.json()


def test_an_outsider_sees_no_drafts(api_as, cm: User, outsider: User, channel: Channel) -> None:
    api_as(cm).post(
        "/api/v1/drafts/", {"channel": channel.pk, "text": CLEAN, "language": "nl"}, format="json"
    )
    assert api_as(outsider).get("/api/v1/drafts/").json()["results"] == []
