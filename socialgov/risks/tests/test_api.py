"""The REST API of the risk register, and who sees what in it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from socialgov.channels.models import Channel
from socialgov.core.models import Role, User
from socialgov.core.services import role_assign
from socialgov.risks import services
from socialgov.risks.models import ChannelRisk, RiskAcceptance, RiskType
from socialgov.risks.tests.conftest import make_channel

pytestmark = pytest.mark.django_db


def _risk(channel: Channel, key: str = "account-hijack") -> ChannelRisk:
    return services.channel_risk_create(
        actor=None,
        channel=channel,
        risk_type=RiskType.objects.get(key=key),
        inherent_likelihood=4,
        inherent_impact=4,
    )


@pytest.fixture
def two_risks(owned_channel: Channel, other_channel: Channel) -> tuple[ChannelRisk, ChannelRisk]:
    return _risk(owned_channel), _risk(other_channel)


def _ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    "who,sees_own,sees_other",
    [
        ("owner", True, False),
        ("outsider", False, True),  # owns the other channel
        ("teammate", False, False),
        ("lead", True, True),
        ("auditor", True, True),
        ("analyst", True, True),
        ("admin_user", True, True),
    ],
)
def test_each_role_sees_the_risks_of_its_scope(
    request: pytest.FixtureRequest,
    api_as: Any,
    two_risks: tuple[ChannelRisk, ChannelRisk],
    who: str,
    sees_own: bool,
    sees_other: bool,
) -> None:
    mine, other = two_risks
    ids = _ids(api_as(request.getfixturevalue(who)).get("/api/v1/risks/"))
    assert (mine.pk in ids) is sees_own
    assert (other.pk in ids) is sees_other


def test_the_deputy_and_a_channel_scoped_role_manage_the_channel_risks(
    api_as: Any, owned_channel: Channel, teammate: User, outsider: User
) -> None:
    risk = _risk(owned_channel)
    owned_channel.deputy = teammate.person
    owned_channel.save()
    assert risk.pk in _ids(api_as(teammate).get("/api/v1/risks/"))
    response = api_as(teammate).post(
        f"/api/v1/risks/{risk.pk}/rescore/", {"residual_likelihood": 2}, format="json"
    )
    assert response.status_code == 200
    role_assign(actor=None, user=outsider, role=Role.CHANNEL_OWNER, scope_object=owned_channel)
    assert risk.pk in _ids(api_as(outsider).get("/api/v1/risks/"))


def test_a_risk_owner_who_does_not_own_the_channel_sees_only_that_risk(
    api_as: Any, owned_channel: Channel, teammate: User
) -> None:
    mine = _risk(owned_channel)
    theirs = _risk(owned_channel, "viral-complaint")
    services.channel_risk_update(actor=None, risk=theirs, owner=teammate.person)
    assert _ids(api_as(teammate).get("/api/v1/risks/")) == {theirs.pk}
    assert api_as(teammate).get(f"/api/v1/risks/{mine.pk}/").status_code == 404


def test_an_owner_creates_a_risk_for_their_channel(
    api_as: Any, owner: User, owned_channel: Channel
) -> None:
    response = api_as(owner).post(
        "/api/v1/risks/",
        {
            "channel": owned_channel.pk,
            "risk_type": "impersonation",
            "matrix": "matrix-4x4",
            "inherent_likelihood": 3,
            "inherent_impact": 4,
            "residual_likelihood": 2,
            "residual_impact": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner"] == owner.person_id
    assert (body["inherent_score"], body["inherent_level"]) == (12, "critical")
    assert (body["residual_score"], body["residual_level"]) == (8, "high")


@pytest.mark.parametrize(
    "payload,field",
    [
        ({"inherent_likelihood": 6}, "inherent_likelihood"),
        ({"inherent_likelihood": "many"}, "inherent_likelihood"),
        ({"residual_impact": 5, "inherent_impact": 2}, "residual_justification"),
        ({"risk_type": "no-such-risk"}, "risk_type"),
        ({"treatment": "accept"}, "treatment"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_risk_input_gets_a_400_naming_the_field_and_writes_nothing(
    api_as: Any, owner: User, owned_channel: Channel, payload: dict[str, Any], field: str
) -> None:
    data = {
        "channel": owned_channel.pk,
        "risk_type": "impersonation",
        "matrix": "matrix-5x5",
        "inherent_likelihood": 3,
        "inherent_impact": 4,
        **payload,
    }
    response = api_as(owner).post("/api/v1/risks/", data, format="json")
    assert response.status_code == 400
    assert field in str(response.json())
    assert not ChannelRisk.objects.exists()


def test_an_owner_cannot_create_a_risk_on_a_channel_they_cannot_see(
    api_as: Any, owner: User, other_channel: Channel
) -> None:
    response = api_as(owner).post(
        "/api/v1/risks/",
        {"channel": other_channel.pk, "title": "x", "inherent_likelihood": 1, "inherent_impact": 1},
        format="json",
    )
    assert response.status_code == 400
    assert not ChannelRisk.objects.exists()


@pytest.mark.parametrize("who", ["teammate", "auditor"])
def test_readers_and_strangers_cannot_write(
    request: pytest.FixtureRequest, api_as: Any, owned_channel: Channel, who: str
) -> None:
    risk = _risk(owned_channel)
    client = api_as(request.getfixturevalue(who))
    response = client.post(
        f"/api/v1/risks/{risk.pk}/rescore/", {"residual_likelihood": 1}, format="json"
    )
    assert response.status_code in (403, 404)
    risk.refresh_from_db()
    assert risk.residual_likelihood == 4


def test_acceptance_through_the_api_needs_a_governance_lead(
    api_as: Any, owner: User, lead: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    payload = {"justification": "Low reach until the launch.", "expires_on": "2099-01-01"}
    assert api_as(owner).post(f"/api/v1/risks/{risk.pk}/accept/", payload).status_code == 403
    assert not RiskAcceptance.objects.exists()
    payload["expires_on"] = "2027-06-01"
    response = api_as(lead).post(f"/api/v1/risks/{risk.pk}/accept/", payload)
    assert response.status_code == 201, response.content
    assert api_as(lead).get(f"/api/v1/risks/{risk.pk}/").json()["status"] == "accepted"


def test_treatments_and_history_through_the_api(
    api_as: Any, owner: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    client = api_as(owner)
    response = client.post(
        f"/api/v1/risks/{risk.pk}/treatments/",
        {"title": "Enable MFA", "due_date": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["owner"] == owner.person_id
    client.post(f"/api/v1/risks/{risk.pk}/rescore/", {"residual_likelihood": 2, "reason": "MFA"})
    history = client.get(f"/api/v1/risks/{risk.pk}/history/").json()
    assert [entry["residual_likelihood"] for entry in history] == [4, 2]


def test_the_wizard_through_the_api(api_as: Any, owner: User, owned_channel: Channel) -> None:
    client = api_as(owner)
    proposals = client.get(f"/api/v1/risks/wizard/?channel={owned_channel.pk}").json()
    keys = [proposal["risk_type"] for proposal in proposals]
    assert "viral-complaint" in keys
    response = client.post(
        "/api/v1/risks/wizard/",
        {"channel": owned_channel.pk, "risk_types": keys[:3]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert owned_channel.risks.count() == 3


def test_the_register_list_runs_a_fixed_number_of_queries(
    api_as: Any, lead: User, owner: User, library: None
) -> None:
    for number in range(3):
        channel = make_channel(owner.person, handle=f"extra{number}")  # type: ignore[arg-type]
        services.risk_wizard_apply(
            actor=None, channel=channel, risk_types=["account-hijack", "impersonation"]
        )
    client = api_as(lead)
    client.get("/api/v1/risks/")  # warms the per-user role cache
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/risks/")
    make_channel(owner.person, handle="more")  # type: ignore[arg-type]
    for channel in Channel.objects.filter(handle="more"):
        services.risk_wizard_apply(
            actor=None, channel=channel, risk_types=["account-hijack", "impersonation"]
        )
    with CaptureQueriesContext(connection) as more:
        client.get("/api/v1/risks/")
    assert len(more) == len(few)


def test_reference_content_is_readable_by_everyone_signed_in(
    api_as: Any, teammate: User, library: None
) -> None:
    client = api_as(teammate)
    types = client.get("/api/v1/risk-types/").json()["results"]
    assert any(t["key"] == "account-hijack" and t["controls"] for t in types)
    matrices = client.get("/api/v1/risk-matrices/").json()["results"]
    assert {m["size"] for m in matrices} == {3, 4, 5}
    controls = client.get("/api/v1/controls/").json()["results"]
    assert any(c["key"] == "access-review" and "A.5.18" in c["iso27001"] for c in controls)


def test_only_a_lead_or_admin_changes_the_default_matrix(
    api_as: Any, owner: User, lead: User, library: None
) -> None:
    matrix = api_as(lead).get("/api/v1/risk-matrices/").json()["results"][0]
    url = f"/api/v1/risk-matrices/{matrix['id']}/make-default/"
    assert api_as(owner).post(url).status_code == 403
    response = api_as(lead).post(url)
    assert response.status_code == 200
    assert response.json()["is_default"] is True


def test_kris_through_the_api(
    api_as: Any, owner: User, auditor: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel, "impersonation")
    client = api_as(owner)
    response = client.post(
        "/api/v1/kris/",
        {
            "name": "Impersonators found",
            "owner": owner.person_id,
            "channel": owned_channel.pk,
            "metric": "impersonators_found",
            "amber_threshold": 1,
            "red_threshold": 2,
            "risks": [risk.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    kri_id = response.json()["id"]
    assert client.post(f"/api/v1/kris/{kri_id}/values/", {"value": "lots"}).status_code == 400
    assert client.post(f"/api/v1/kris/{kri_id}/values/", {"value": 3}).status_code == 201
    risk.refresh_from_db()
    assert risk.needs_reassessment
    assert api_as(auditor).get(f"/api/v1/kris/{kri_id}/values/").status_code == 200
    assert api_as(auditor).post(f"/api/v1/kris/{kri_id}/values/", {"value": 0}).status_code == 403
