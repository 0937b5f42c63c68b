"""HTML pages of the risk register, the demo builder and the daily job."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from socialgov.channels.models import Channel
from socialgov.core.demo import build_demo
from socialgov.core.models import Person, User
from socialgov.risks import services
from socialgov.risks.models import KRI, ChannelRisk, KRIMeasurement, RiskStatus, RiskType
from socialgov.risks.tests.conftest import make_channel

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _risk(channel: Channel, key: str = "account-hijack") -> ChannelRisk:
    return services.channel_risk_create(
        actor=None,
        channel=channel,
        risk_type=RiskType.objects.get(key=key),
        inherent_likelihood=4,
        inherent_impact=5,
    )


def test_the_register_lists_and_filters_risks(owner: User, owned_channel: Channel) -> None:
    _risk(owned_channel)
    _risk(owned_channel, "viral-complaint")
    client = _client(owner)
    page = client.get("/risks/")
    assert page.status_code == 200
    assert "Corporate account hijacked" in page.content.decode()
    filtered = client.get("/risks/?status=closed")
    assert "Corporate account hijacked" not in filtered.content.decode()
    bad = client.get("/risks/?owner=abc&level=%3Cscript%3E&page=-3")
    assert bad.status_code == 400
    assert "<script>" not in bad.content.decode()
    assert "Corporate account hijacked" in bad.content.decode()  # the good filters still list


def test_the_heat_map_counts_risks_per_cell_and_links_to_them(
    owner: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    client = _client(owner)
    page = client.get("/risks/overview/").content.decode()
    cell = f"side=inherent&amp;likelihood=4&amp;impact=5&amp;matrix={risk.matrix_id}"
    assert cell in page
    listing = client.get(f"/risks/?side=inherent&likelihood=4&impact=5&matrix={risk.matrix_id}")
    assert f"/risks/{risk.pk}/" in listing.content.decode()
    empty = client.get(f"/risks/?side=inherent&likelihood=1&impact=1&matrix={risk.matrix_id}")
    assert f"/risks/{risk.pk}/" not in empty.content.decode()


def test_the_risk_page_rescores_and_rejects_bad_input_with_a_message(
    owner: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    client = _client(owner)
    ok = client.post(
        f"/risks/{risk.pk}/",
        {
            "form": "rescore",
            "inherent_likelihood": 4,
            "inherent_impact": 5,
            "residual_likelihood": 2,
            "residual_impact": 5,
            "reason": "MFA everywhere",
        },
    )
    assert ok.status_code == 302
    bad = client.post(
        f"/risks/{risk.pk}/",
        {
            "form": "rescore",
            "inherent_likelihood": 2,
            "inherent_impact": 5,
            "residual_likelihood": 4,
            "residual_impact": 5,
        },
    )
    assert bad.status_code == 400
    assert "higher than the inherent risk" in bad.content.decode()
    risk.refresh_from_db()
    assert (risk.inherent_likelihood, risk.residual_likelihood) == (4, 2)


def test_outsiders_get_404_and_readers_cannot_post(
    owner: User, outsider: User, auditor: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    assert _client(outsider).get(f"/risks/{risk.pk}/").status_code == 404
    assert _client(auditor).get(f"/risks/{risk.pk}/").status_code == 200
    response = _client(auditor).post(
        f"/risks/{risk.pk}/", {"form": "accept", "justification": "x", "expires_on": "2099-01-01"}
    )
    assert response.status_code == 403
    assert _client(outsider).get(f"/risks/channel/{owned_channel.pk}/wizard/").status_code == 404


def test_a_lead_accepts_from_the_risk_page_but_the_owner_cannot(
    owner: User, lead: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    expires = (dt.date.today() + dt.timedelta(days=60)).isoformat()
    data = {"form": "accept", "justification": "Seasonal page.", "expires_on": expires}
    assert _client(owner).post(f"/risks/{risk.pk}/", data).status_code == 403
    assert _client(lead).post(f"/risks/{risk.pk}/", data).status_code == 302
    risk.refresh_from_db()
    assert risk.status == RiskStatus.ACCEPTED


def test_the_wizard_page_adds_the_chosen_risks(owner: User, owned_channel: Channel) -> None:
    client = _client(owner)
    page = client.get(f"/risks/channel/{owned_channel.pk}/wizard/")
    assert page.status_code == 200
    assert "badge-ok" not in page.content.decode()  # nothing in place: no posture recorded
    response = client.post(
        f"/risks/channel/{owned_channel.pk}/wizard/",
        {"risk_type": ["viral-complaint", "impersonation"]},
    )
    assert response.status_code == 302
    assert owned_channel.risks.count() == 2
    refused = client.post(
        f"/risks/channel/{owned_channel.pk}/wizard/", {"risk_type": ["<b>made-up</b>"]}
    )
    assert refused.status_code == 400
    assert "&lt;b&gt;made-up&lt;/b&gt;" in refused.content.decode()


def test_the_channel_tab_adds_a_custom_risk_and_a_kri(owner: User, owned_channel: Channel) -> None:
    client = _client(owner)
    response = client.post(
        f"/risks/channel/{owned_channel.pk}/",
        {"title": "Giveaway goes wrong", "inherent_likelihood": 2, "inherent_impact": 3},
    )
    assert response.status_code == 302
    risk = owned_channel.risks.get()
    response = client.post(
        f"/risks/channel/{owned_channel.pk}/kris/",
        {
            "name": "Complaints per week",
            "amber_threshold": 5,
            "red_threshold": 10,
            "higher_is_worse": "on",
            "risks": [risk.pk],
        },
    )
    assert response.status_code == 302
    kri = KRI.objects.get()
    assert list(kri.risks.all()) == [risk]
    assert client.post(f"/risks/kris/{kri.pk}/", {"value": "12"}).status_code == 302
    risk.refresh_from_db()
    assert risk.needs_reassessment
    assert "Complaints per week" in client.get(f"/risks/{risk.pk}/").content.decode()


def test_catalogue_and_kri_pages_render_for_every_role(
    request: pytest.FixtureRequest, library: None
) -> None:
    for who in ("owner", "teammate", "lead", "auditor", "analyst"):
        client = _client(request.getfixturevalue(who))
        assert client.get("/risks/catalogue/").status_code == 200
        assert client.get("/risks/kris/").status_code == 200
        assert client.get("/risks/overview/").status_code == 200


def test_the_dashboard_shows_risk_cards_to_the_owner(owner: User, owned_channel: Channel) -> None:
    _risk(owned_channel)
    page = _client(owner).get("/").content.decode()
    assert "Open risks" in page


def test_the_demo_builds_risks_for_demo_channels_once(library: None) -> None:
    context = build_demo("demo password 123")
    people = context.people
    for number, (platform, purpose) in enumerate(
        [
            ("facebook", "customer_service"),
            ("linkedin", "recruitment"),
            ("x", "external_communication"),
        ]
    ):
        make_channel(people["E004"], platform=platform, purpose=purpose, handle=f"mosa{number}")
    build_demo("demo password 123")
    counts = (
        ChannelRisk.objects.count(),
        KRI.objects.count(),
        KRIMeasurement.objects.count(),
        ChannelRisk.objects.filter(status=RiskStatus.ACCEPTED).count(),
    )
    assert counts[0] > 10 and counts[1] == 2 and counts[2] == 10 and counts[3] == 1
    assert ChannelRisk.objects.filter(needs_reassessment=True).exists()  # a KRI went red
    build_demo("demo password 123")
    assert (
        ChannelRisk.objects.count(),
        KRI.objects.count(),
        KRIMeasurement.objects.count(),
        ChannelRisk.objects.filter(status=RiskStatus.ACCEPTED).count(),
    ) == counts


def test_the_daily_command_expires_and_escalates(
    owner: User, lead: User, owned_channel: Channel, capsys: Any
) -> None:
    risk = _risk(owned_channel)
    services.risk_treatment_plan(
        actor=None, risk=risk, title="Late action", due_date=dt.date.today() - dt.timedelta(days=1)
    )
    call_command("risks_daily")
    assert "1 treatment(s) escalated" in capsys.readouterr().out
    assert Person.objects.exists()


def test_the_register_filters_by_channel_and_owner(
    owner: User, lead: User, owned_channel: Channel, other_channel: Channel
) -> None:
    mine, theirs = _risk(owned_channel), _risk(other_channel)
    client = _client(lead)
    page = client.get(f"/risks/?channel={other_channel.pk}").content.decode()
    assert f"/risks/{theirs.pk}/" in page and f"/risks/{mine.pk}/" not in page
    page = client.get(f"/risks/?owner={owner.person_id}").content.decode()
    assert f"/risks/{mine.pk}/" in page and f"/risks/{theirs.pk}/" not in page
    # An owner's filter menu offers only what they can see.
    menu = _client(owner).get("/risks/").content.decode()
    assert str(other_channel) not in menu


def test_a_lead_chooses_the_matrix_for_new_risks_and_an_owner_cannot(
    owner: User, lead: User, owned_channel: Channel
) -> None:
    from socialgov.risks.models import RiskMatrix

    matrix = RiskMatrix.objects.get(key="matrix-3x3")
    assert _client(owner).post("/risks/catalogue/", {"matrix": matrix.pk}).status_code == 403
    assert _client(lead).post("/risks/catalogue/", {"matrix": matrix.pk}).status_code == 302
    risk = services.channel_risk_create(
        actor=owner, channel=owned_channel, title="New", inherent_likelihood=3, inherent_impact=3
    )
    assert risk.matrix == matrix
    assert risk.inherent_level == "high"


def test_the_channel_page_shows_a_risk_section_to_those_who_answer_for_it(
    owner: User, outsider: User, owned_channel: Channel
) -> None:
    risk = _risk(owned_channel)
    page = _client(owner).get(f"/channels/{owned_channel.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f"/risks/{risk.pk}/" in body
    assert f"/risks/channel/{owned_channel.pk}/wizard/" in body


def test_the_register_and_heat_map_pages_run_a_fixed_number_of_queries(
    lead: User, owner: User, library: None
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_channel(handle: str) -> None:
        channel = make_channel(owner.person, handle=handle)  # type: ignore[arg-type]
        services.risk_wizard_apply(
            actor=None, channel=channel, risk_types=["account-hijack", "impersonation"]
        )

    add_channel("first")
    client = _client(lead)
    client.get("/risks/")
    counts = {}
    for url in ("/risks/", "/risks/overview/"):
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[url] = len(queries)
    for number in range(4):
        add_channel(f"more{number}")
    for url, count in counts.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert len(queries) == count, url


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("channel=abc", "Channel"),
        ("owner=-3", "Risk owner"),
        (f"channel={2**70}", "Channel"),
        ("likelihood=1.5&impact=2", "Likelihood"),
        ("matrix=%C2%B2", "Matrix"),
        ("side=sideways", "Heat map side"),
        ("status=nonsense", "Status"),
        ("platform=%00", "Platform"),
    ],
)
@pytest.mark.parametrize("path", ["/risks/", "/risks/overview/"])
def test_a_bad_filter_value_is_a_form_error_on_the_page_never_a_500(
    owner: User, owned_channel: Channel, path: str, query: str, label: str
) -> None:
    client = Client()
    client.force_login(owner)
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Some filters were not applied:" in page
    assert f"<li>{label}: " in page


def test_the_register_still_lists_with_the_good_filters_beside_a_bad_one(
    owner: User, owned_channel: Channel
) -> None:
    client = Client()
    client.force_login(owner)
    good = client.get("/risks/")
    mixed = client.get("/risks/?owner=abc")
    assert mixed.status_code == 400
    assert mixed.context["page_obj"].paginator.count == good.context["page_obj"].paginator.count
