"""Moderation from an alert, retention of internal posts, and the connector configuration
and health pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from socialgov.core.models import AuditEvent, User
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring import services
from socialgov.monitoring.models import (
    AlertEvidence,
    Connector,
    Finding,
    Post,
    PostKind,
)
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.pipeline.retention import internal_posts_purge
from socialgov.monitoring.platforms.moderation import comment_moderate
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.monitoring.tests.platforms import (
    meta_connector,
    ok,
    recorded,
    slack_connector,
    toxic_alert_on,
)

pytestmark = pytest.mark.django_db

FEED = "/v21.0/104857600001/feed"


def _stored_comment(server, owner: User) -> Post:
    server.on(FEED, ok("meta", "page_feed_1.json"))
    connector = meta_connector(server, owner)
    connector_poll(connector_id=connector.pk, http=local_client())
    return Post.objects.get(external_id="900000000000003_700000000000012")


def test_the_owner_hides_a_comment_from_its_alert_and_the_audit_log_says_so(owner) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = toxic_alert_on(post, owner)
        server.on("/v21.0/900000000000003_700000000000012", Reply.json({"success": True}))
        comment_moderate(actor=owner, alert=alert, post=post, action="hide", http=local_client())
    post.refresh_from_db()
    assert post.raw["moderation"] == "hide"
    event = AuditEvent.objects.get(verb="post.moderate")
    assert event.actor == owner and event.changes["result"] == "done"
    assert server.requests[-1].query["is_hidden"] == ["true"]


def test_moderation_is_refused_to_outsiders_and_for_posts_outside_the_alert(
    owner, outsider
) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = toxic_alert_on(post, owner)
        with pytest.raises(PermissionDenied):
            comment_moderate(actor=outsider, alert=alert, post=post, action="delete")
        other = Post.objects.get(external_id="900000000000003_700000000000011")
        with pytest.raises(ValidationError):
            comment_moderate(actor=owner, alert=alert, post=other, action="delete")
        own = Post.objects.get(external_id="104857600001_900000000000003")
        Finding.objects.create(
            post=own, analyzer="x", kind="y", score=0.5, reason="r", fingerprint="f2"
        )
        AlertEvidence.objects.create(alert=alert, finding=Finding.objects.get(fingerprint="f2"))
        with pytest.raises(ValidationError):  # an own post is not a comment
            comment_moderate(actor=owner, alert=alert, post=own, action="delete")
    assert not AuditEvent.objects.filter(verb="post.moderate").exists()


def test_a_moderation_meta_refuses_is_reported_and_audited_as_refused(owner) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = toxic_alert_on(post, owner)
        server.on(
            "/v21.0/900000000000003_700000000000012",
            Reply(403, recorded("meta", "error_permission.json")),
        )
        with pytest.raises(ValidationError, match="refused"):
            comment_moderate(
                actor=owner, alert=alert, post=post, action="delete", http=local_client()
            )
    event = AuditEvent.objects.get(verb="post.moderate")
    assert event.changes["result"].startswith("refused")
    post.refresh_from_db()
    assert "moderation" not in post.raw


def test_internal_posts_older_than_the_retention_are_purged_unless_evidence_of_an_open_alert(
    owner,
) -> None:
    connector = slack_connector(None, owner, retention_days=30)
    now = timezone.now()
    for index, age in enumerate((40, 35, 5)):
        Post.objects.create(
            platform="slack",
            external_id=f"C0MOSAGEN1:{index}",
            text="t",
            published_at=now - dt.timedelta(days=age),
            kind=PostKind.INTERNAL,
            connector=connector,
            content_hash="h",
        )
    held = Post.objects.get(external_id="C0MOSAGEN1:1")
    toxic_alert_on(held, owner)
    assert internal_posts_purge(now=now) == 1
    assert sorted(Post.objects.values_list("external_id", flat=True)) == [
        "C0MOSAGEN1:1",
        "C0MOSAGEN1:2",
    ]
    assert AuditEvent.objects.filter(verb="post.retention_purge").count() == 1


def test_an_admin_configures_an_x_connector_through_the_form(admin_user, owner) -> None:
    client = Client()
    client.force_login(admin_user)
    assert client.get("/monitoring/connectors/new/").status_code == 200
    url = "/monitoring/connectors/new/x/"
    form = {
        "name": "X brand search",
        "poll_interval_seconds": "300",
        "is_active": "on",
        "config_searches": "mosa\n#mosa",
        "config_monthly_read_budget": "5000",
        "config_mentions": "on",
        "secret_bearer_token": "AAAA-bearer",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content
    connector = Connector.objects.get(kind="x")
    assert connector.config["searches"] == ["mosa", "#mosa"]
    assert connector.config["monthly_read_budget"] == 5000
    assert connector.secrets() == {"bearer_token": "AAAA-bearer"}
    detail = client.get(f"/monitoring/connectors/{connector.pk}/")
    assert b"0 / 5000" in detail.content.replace(b"<strong>", b"").replace(b"</strong>", b"")


def test_a_configuration_the_platform_would_refuse_is_not_saved(admin_user) -> None:
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        "/monitoring/connectors/new/linkedin/",
        {
            "name": "LI",
            "poll_interval_seconds": "300",
            "config_organizations": "5515715",
            "config_api_version": "2024",
        },
    )
    assert response.status_code == 200
    assert b"YYYYMM" in response.content
    assert not Connector.objects.exists()


def test_editing_keeps_stored_secrets_left_blank_and_replaces_entered_ones(admin_user) -> None:
    connector = services.connector_create(
        actor=None,
        name="Reddit",
        kind="reddit",
        config={"subreddits": ["belgium"], "user_agent": "ua"},
        secrets={"client_id": "id1", "client_secret": "sec1"},
    )
    client = Client()
    client.force_login(admin_user)
    page = client.get(f"/monitoring/connectors/{connector.pk}/edit/")
    assert b"sec1" not in page.content and b"belgium" in page.content
    response = client.post(
        f"/monitoring/connectors/{connector.pk}/edit/",
        {
            "name": "Reddit BE",
            "poll_interval_seconds": "600",
            "config_subreddits": "belgium\nbrussels",
            "config_user_agent": "ua",
            "secret_client_secret": "sec2",
        },
    )
    assert response.status_code == 302
    connector.refresh_from_db()
    assert connector.secrets() == {"client_id": "id1", "client_secret": "sec2"}
    assert connector.config["subreddits"] == ["belgium", "brussels"]


def test_people_who_may_not_configure_connectors_get_no_form(owner, teammate) -> None:
    client = Client()
    for user in (owner, teammate):
        client.force_login(user)
        assert client.get("/monitoring/connectors/new/x/").status_code == 403
        assert client.post("/monitoring/connectors/new/x/", {"name": "n"}).status_code == 403
    assert not Connector.objects.exists()


def test_the_alert_page_offers_moderation_for_meta_comments_only_to_its_handlers(
    owner, outsider
) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = toxic_alert_on(post, owner)
    client = Client()
    client.force_login(owner)
    page = client.get(f"/monitoring/alerts/{alert.pk}/")
    assert f"/monitoring/alerts/{alert.pk}/posts/{post.pk}/moderate/".encode() in page.content
    client.force_login(outsider)
    response = client.post(
        f"/monitoring/alerts/{alert.pk}/posts/{post.pk}/moderate/", {"action": "delete"}
    )
    assert response.status_code == 404


def test_the_api_moderates_a_comment_from_its_alert(owner, outsider, api_as, monkeypatch) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = toxic_alert_on(post, owner)
        server.on("/v21.0/900000000000003_700000000000012", Reply.json({"success": True}))
        monkeypatch.setattr("socialgov.monitoring.pipeline.ingest.http_client", local_client)
        url = f"/api/v1/alerts/{alert.pk}/moderate-comment/"
        assert api_as(outsider).post(url, {"post": post.pk, "action": "hide"}).status_code == 404
        bad = api_as(owner).post(url, {"post": post.pk, "action": "ban", "extra": 1})
        assert bad.status_code == 400
        response = api_as(owner).post(url, {"post": post.pk, "action": "hide"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"post": post.pk, "moderation": "hide"}
    assert AuditEvent.objects.filter(verb="post.moderate").count() == 1


def test_the_health_page_shows_each_platforms_meter_and_endpoints(admin_user) -> None:
    youtube = services.connector_create(
        actor=None,
        name="YT",
        kind="youtube",
        config={"searches": ["mosa"], "daily_quota": 1000},
        secrets={"api_key": "k"},
    )
    Connector.objects.filter(pk=youtube.pk).update(
        cursor={"_quota": {"day": "1999-01-01", "used": 900}}
    )
    chatter = services.connector_create(
        actor=None,
        name="Chatter",
        kind="chatter",
        config={
            "instance_url": "https://mosa.my.salesforce.com",
            "group_ids": ["0F95g000000ABCDCA4"],
        },
        secrets={"client_id": "c", "client_secret": "s"},
    )
    Connector.objects.filter(pk=chatter.pk).update(
        cursor={"_api_usage": {"used": 14000, "limit": 15000}}
    )
    slack = slack_connector(None, admin_user)
    meta = meta_connector(None, admin_user)
    client = Client()
    client.force_login(admin_user)

    def text(connector: Connector) -> str:
        return client.get(f"/monitoring/connectors/{connector.pk}/").content.decode()

    assert "<strong>0</strong> / 1000" in text(youtube)  # yesterday's units do not count today
    assert "<strong>14000</strong> / 15000 (93%)" in text(chatter) and "Almost spent" in text(
        chatter
    )
    assert f"/api/v1/monitoring/webhooks/{slack.pk}/slack/" in text(slack)
    assert "90 days" in text(slack)
    assert f"/api/v1/monitoring/webhooks/{meta.pk}/meta/" in text(meta)


def test_the_dashboard_warns_when_a_paid_budget_is_nearly_spent(admin_user) -> None:
    from socialgov.web.dashboard import cards_for

    month = timezone.now().strftime("%Y-%m")
    connector = services.connector_create(
        actor=None,
        name="X search",
        kind="x",
        config={"searches": ["mosa"], "monthly_read_budget": 1000},
        secrets={"bearer_token": "b"},
    )
    Connector.objects.filter(pk=connector.pk).update(
        cursor={"_budget": {"month": month, "read": 950}}
    )
    cards = [card for card in cards_for(admin_user) if "budget" in str(card.title)]
    assert [(card.value, card.tone) for card in cards] == [("95 %", "warning")]


def test_the_alert_page_costs_the_same_queries_whatever_its_evidence(owner) -> None:
    channel = make_channel(owner.person)
    posts = [
        Post.objects.create(
            platform="mastodon",
            external_id=f"evidence-{n}",
            text=f"evidence {n}",
            published_at=timezone.now(),
            kind=PostKind.COMMENT,
            channel=channel,
        )
        for n in range(4)
    ]
    alert = toxic_alert_on(posts[0], owner)
    client = Client()
    client.force_login(owner)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/monitoring/alerts/{alert.pk}/").status_code == 200
        return len(captured)

    one = queries()
    for post in posts[1:]:
        finding = Finding.objects.create(
            post=post,
            analyzer="toxicity",
            kind="toxic",
            score=0.8,
            reason="r",
            fingerprint=post.external_id,
        )
        AlertEvidence.objects.create(alert=alert, finding=finding)
    assert queries() == one
