"""Who sees which alerts and posts, through the selectors, the API and the HTML pages."""

from __future__ import annotations

import pytest
from django.test import Client

from socialgov.core.models import AuditEvent, Task, User
from socialgov.monitoring import services
from socialgov.monitoring.models import Alert, AlertRule, AlertStatus
from socialgov.monitoring.pipeline.analyse import FindingResult, analyse_until_idle
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import incoming, make_channel

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> idiot'


def flag_everything(posts):
    for post in posts:
        start = post.text.find("idiot")
        yield FindingResult(post.id, "toxicity", "toxic", 0.9, "insult", start, start + 5)
        if "password" in post.text:
            yield FindingResult(post.id, "secrets", "PASSWORD", 0.99, "a password", 0, 8)


@pytest.fixture
def setup(owner: User, teammate: User, outsider: User):
    channel = make_channel(owner.person)
    internal = make_channel(
        outsider.person, platform="teams", handle="sales-team", audience="internal"
    )
    services.alert_rule_create(actor=None, name="Toxic", finding_kinds=["toxicity"])
    services.alert_rule_create(
        actor=None, name="Secrets", finding_kinds=["secrets"], category="security"
    )
    posts_store(
        posts=[
            incoming("1", f"{HOSTILE} @mosa"),
            incoming(
                "2",
                "password: hunter2 for the sales share",
                platform="teams",
                channel_handle="sales-team",
            ),
        ]
    )
    analyse_until_idle(analyze=flag_everything)
    return channel, internal


def _alerts_for(user: User) -> set[str]:
    from socialgov.monitoring import selectors

    return {
        alert.rule.name + (f"@{alert.channel.handle}" if alert.channel else "")
        for alert in selectors.alert_list(user=user)
    }


def test_each_role_sees_the_alerts_it_should(
    setup, owner, teammate, outsider, analyst, lead, auditor
) -> None:
    assert _alerts_for(owner) == {"Toxic@mosa@mastodon.social"}
    assert _alerts_for(teammate) == set()
    assert _alerts_for(outsider) == {"Toxic@sales-team", "Secrets@sales-team"}
    assert _alerts_for(analyst) == {"Secrets@sales-team"}
    assert len(_alerts_for(lead)) == 3
    assert len(_alerts_for(auditor)) == 3


def test_internal_content_is_hidden_from_the_analyst_but_not_from_the_channel_owner(
    setup, analyst, outsider, api_as
) -> None:
    alert = Alert.objects.get(rule__name="Secrets")
    for_analyst = api_as(analyst).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert for_analyst["evidence"][0]["text"] is None
    assert for_analyst["has_internal_content"] is True
    for_owner = api_as(outsider).get(f"/api/v1/alerts/{alert.pk}/").json()
    assert "hunter2" in for_owner["evidence"][0]["text"]
    page = Client()
    page.force_login(analyst)
    html = page.get(f"/monitoring/alerts/{alert.pk}/").content.decode()
    assert "hunter2" not in html
    assert "Internal content" in html


def test_internal_posts_are_not_listed_for_auditors(setup, auditor, api_as) -> None:
    texts = [p["text"] for p in api_as(auditor).get("/api/v1/posts/").json()["results"]]
    assert len(texts) == 1
    assert "hunter2" not in " ".join(texts)


def test_post_html_is_rendered_escaped_on_the_alert_page(setup, owner) -> None:
    alert = Alert.objects.get(rule__name="Toxic", channel__handle="mosa@mastodon.social")
    page = Client()
    page.force_login(owner)
    html = page.get(f"/monitoring/alerts/{alert.pk}/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "<mark>idiot</mark>" in html
    assert "onerror=alert" not in html.replace("&lt;img src=x onerror=alert(1)&gt;", "")


def test_the_inbox_lists_open_alerts_and_filters_them(setup, lead) -> None:
    page = Client()
    page.force_login(lead)
    assert page.get("/monitoring/alerts/").content.decode().count("/monitoring/alerts/") >= 3
    only_security = page.get("/monitoring/alerts/?category=security").content.decode()
    assert "Secrets" in only_security and "Toxic —" not in only_security


def test_an_owner_acknowledges_resolves_and_the_audit_log_records_it(setup, owner, api_as) -> None:
    alert = Alert.objects.get(channel__handle="mosa@mastodon.social")
    client = api_as(owner)
    assert client.post(f"/api/v1/alerts/{alert.pk}/acknowledge/").json()["status"] == "acknowledged"
    response = client.post(
        f"/api/v1/alerts/{alert.pk}/resolve/", {"note": "answered"}, format="json"
    )
    assert response.json()["status"] == "resolved"
    assert client.post(f"/api/v1/alerts/{alert.pk}/resolve/").status_code == 400
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"alert.acknowledge", "alert.resolved"} <= verbs


def test_a_false_positive_counts_against_the_rule(setup, owner, api_as) -> None:
    alert = Alert.objects.get(channel__handle="mosa@mastodon.social")
    api_as(owner).post(
        f"/api/v1/alerts/{alert.pk}/false-positive/", {"note": "irony"}, format="json"
    )
    assert AlertRule.objects.get(name="Toxic").false_positive_count == 1
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.FALSE_POSITIVE


def test_a_teammate_cannot_act_on_an_alert_they_cannot_see(setup, teammate, api_as) -> None:
    alert = Alert.objects.get(channel__handle="mosa@mastodon.social")
    assert api_as(teammate).post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 404


def test_an_auditor_reads_but_cannot_act(setup, auditor, api_as) -> None:
    alert = Alert.objects.get(channel__handle="mosa@mastodon.social")
    assert api_as(auditor).get(f"/api/v1/alerts/{alert.pk}/").status_code == 200
    assert api_as(auditor).post(f"/api/v1/alerts/{alert.pk}/acknowledge/").status_code == 403


def test_opening_a_task_from_an_alert_gives_the_owner_a_task(setup, owner) -> None:
    alert = Alert.objects.get(channel__handle="mosa@mastodon.social")
    page = Client()
    page.force_login(owner)
    response = page.post(f"/monitoring/alerts/{alert.pk}/act/", {"action": "open_task"})
    task = Task.objects.get()
    assert response.status_code == 302
    assert task.owner == owner.person
    assert Alert.objects.get(pk=alert.pk).task == task


def test_the_alert_list_api_has_a_fixed_number_of_queries(
    setup, lead, api_as, django_assert_max_num_queries
) -> None:
    client = api_as(lead)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/alerts/")
    assert response.json()["count"] == 3


def test_connector_secrets_are_write_only_and_encrypted(
    admin_user, api_as, tmp_path, settings
) -> None:
    response = api_as(admin_user).post(
        "/api/v1/connectors/",
        {
            "name": "Mastodon",
            "kind": "mastodon",
            "config": {"server": "https://mastodon.social", "hashtags": ["mosa"]},
            "secrets": {"access_token": "very-secret-token"},
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert "very-secret-token" not in response.content.decode()
    assert response.json()["secrets_set"] is True
    from socialgov.monitoring.models import Connector

    connector = Connector.objects.get()
    assert "very-secret-token" not in connector.secrets_token
    assert connector.secrets() == {"access_token": "very-secret-token"}
    assert "very-secret-token" not in str(AuditEvent.objects.get(verb="connector.create").changes)


def test_a_connector_with_a_bad_configuration_is_refused(admin_user, api_as) -> None:
    client = api_as(admin_user)
    bad = [
        {"name": "x", "kind": "rss", "config": {"urls": ["file:///etc/passwd"]}},
        {"name": "x", "kind": "file", "config": {"path": "/etc/passwd", "format": "csv"}},
        {"name": "x", "kind": "nope", "config": {}},
        {"name": "x", "kind": "mastodon", "config": {"server": "https://m.example"}, "extra": 1},
        {
            "name": "x",
            "kind": "mastodon",
            "config": {"server": "https://m.example", "hashtags": ["a"]},
            "secrets": {"password": "x"},
        },
    ]
    for payload in bad:
        assert client.post("/api/v1/connectors/", payload, format="json").status_code == 400
    from socialgov.monitoring.models import Connector

    assert not Connector.objects.exists()


def test_an_owner_cannot_create_connectors(owner, api_as) -> None:
    payload = {"name": "x", "kind": "rss", "config": {"urls": ["https://news.example/rss"]}}
    assert api_as(owner).post("/api/v1/connectors/", payload, format="json").status_code == 403
