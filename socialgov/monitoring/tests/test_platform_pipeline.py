"""The platform connectors inside the pipeline: polling into the database, duplicates and
edits, renewed secrets, failing credentials, internal content, webhooks, moderation from an
alert, retention, and the configuration pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from socialgov.core.models import AuditEvent, Notification, User
from socialgov.engine.sources.meta import webhooks as meta_webhooks
from socialgov.engine.sources.slack import events as slack_events
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring import selectors, services
from socialgov.monitoring.models import (
    Alert,
    AlertEvidence,
    AlertRule,
    Connector,
    ConnectorHealth,
    Finding,
    Post,
    PostKind,
)
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.pipeline.retention import internal_posts_purge
from socialgov.monitoring.platforms.moderation import comment_moderate
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.monitoring.tests.platforms import failing, ok, recorded, recorded_json

pytestmark = pytest.mark.django_db

FEED = "/v21.0/104857600001/feed"


def _meta(server, owner: User) -> Connector:
    channel = make_channel(owner.person, platform="facebook", handle="104857600001")
    return services.connector_create(
        actor=None,
        name="Mosa on Facebook",
        kind="meta",
        config={
            "api_base": server.base if server else "https://graph.facebook.com",
            "pages": ["104857600001"],
            "ratings": False,
        },
        secrets={"access_token": "page-token", "app_secret": "app-secret", "verify_token": "vt"},
        channel=channel,
    )


def test_a_meta_poll_stores_own_posts_and_comments_once_however_often_it_is_read(owner) -> None:
    with played_server() as server:
        server.on(FEED, ok("meta", "page_feed_1.json"))
        connector = _meta(server, owner)
        first = connector_poll(connector_id=connector.pk, http=local_client())
        Connector.objects.filter(pk=connector.pk).update(next_poll_at=None)
        second = connector_poll(connector_id=connector.pk, http=local_client())
    assert first.stored == 4 and second.stored == 0
    assert Post.objects.count() == 4
    comment = Post.objects.get(external_id="900000000000003_700000000000012")
    assert comment.kind == PostKind.COMMENT and comment.channel == connector.channel
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.OK


def test_an_edited_x_post_updates_the_stored_post_and_goes_back_to_analysis(owner) -> None:
    page = recorded_json("x", "search_page_1.json")
    edited = json.loads(json.dumps(page))
    edited["data"][0]["id"] = "1861700000000000110"
    edited["data"][0]["edit_history_tweet_ids"] = ["1861700000000000105", "1861700000000000110"]
    edited["data"][0]["text"] = "@MosaInsurance sorted now, thanks"
    with played_server() as server:
        server.on("/2/tweets/search/recent", Reply.json(page), Reply.json(edited))
        connector = services.connector_create(
            actor=None,
            name="X search",
            kind="x",
            config={"api_base": server.base, "searches": ["mosa"]},
            secrets={"bearer_token": "b"},
        )
        connector_poll(connector_id=connector.pk, http=local_client())
        Post.objects.update(analysis_state="done")
        Connector.objects.filter(pk=connector.pk).update(next_poll_at=None, cursor={})
        connector_poll(connector_id=connector.pk, http=local_client())
    post = Post.objects.get(external_id="1861700000000000105")
    assert Post.objects.count() == 2
    assert post.text == "@MosaInsurance sorted now, thanks"
    assert post.edited_at is not None and post.analysis_state == "pending"


def test_rotated_tokens_are_stored_encrypted_even_when_the_poll_fails_later(owner) -> None:
    with played_server() as server:
        server.on(
            "/2/users/2001/tweets",
            failing("x", "error_unauthorized.json", 401),
            ok("x", "user_tweets.json"),
        )
        server.on("/2/users/2001/mentions", Reply(503, b"down"))
        server.on("/2/oauth2/token", ok("x", "token_refreshed.json"))
        connector = services.connector_create(
            actor=None,
            name="X own",
            kind="x",
            config={"api_base": server.base, "user_ids": ["2001"]},
            secrets={"access_token": "old", "refresh_token": "r1", "client_id": "cid"},
        )
        result = connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert result.error
    assert connector.secrets()["refresh_token"] == "x-refresh-rotated"
    assert connector.secrets()["client_id"] == "cid"
    assert "x-refresh-rotated" not in connector.secrets_token


def test_an_expired_linkedin_token_marks_the_connector_failing_and_tells_the_owner(owner) -> None:
    with played_server() as server:
        server.on("/rest/posts", failing("linkedin", "error_expired.json", 401))
        channel = make_channel(owner.person, platform="linkedin", handle="mosa-insurance")
        connector = services.connector_create(
            actor=None,
            name="LinkedIn",
            kind="linkedin",
            channel=channel,
            config={"api_base": server.base, "organizations": ["5515715"]},
            secrets={"access_token": "li"},
        )
        connector_poll(connector_id=connector.pk, http=local_client())
    connector.refresh_from_db()
    assert connector.health == ConnectorHealth.FAILING
    notification = Notification.objects.get()
    assert notification.recipient == owner.person
    assert "60 days" in notification.body


def _slack(server, owner: User, **config) -> Connector:
    channel = make_channel(owner.person, platform="slack", handle="C0MOSAGEN1", audience="internal")
    return services.connector_create(
        actor=None,
        name="Slack #general",
        kind="slack",
        channel=channel,
        config={
            "api_base": server.base if server else "https://slack.com/api",
            "channels": ["C0MOSAGEN1"],
            "team_id": "T0MOSA01",
            "backfill_days": 0,
            **config,
        },
        secrets={"bot_token": "xoxb-1", "signing_secret": "signing"},
    )


def test_slack_messages_are_internal_and_hidden_from_those_who_may_not_read_them(
    owner, teammate, analyst, auditor, lead
) -> None:
    with played_server() as server:
        server.on("/conversations.history", ok("slack", "history_page_2.json"))
        connector = _slack(server, owner)
        connector_poll(connector_id=connector.pk, http=local_client())
    post = Post.objects.get()
    assert post.kind == PostKind.INTERNAL
    assert list(selectors.post_list(user=owner)) == [post]
    assert list(selectors.post_list(user=lead)) == [post]
    for user in (teammate, analyst, auditor):
        assert not selectors.post_list(user=user).exists()


def test_the_meta_webhook_handshake_and_a_signed_comment(owner) -> None:
    connector = _meta(None, owner)
    url = f"/api/v1/monitoring/webhooks/{connector.pk}/meta/"
    client = Client()
    handshake = client.get(
        url, {"hub.mode": "subscribe", "hub.verify_token": "vt", "hub.challenge": "42424242"}
    )
    assert handshake.status_code == 200 and handshake.content == b"42424242"
    assert (
        client.get(
            url, {"hub.mode": "subscribe", "hub.verify_token": "no", "hub.challenge": "1"}
        ).status_code
        == 403
    )
    body = recorded("meta", "webhook_page_comment.json")
    response = client.post(
        url,
        data=body,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=meta_webhooks.sign("app-secret", body),
    )
    assert response.status_code == 200 and response.json()["accepted"] == 1
    post = Post.objects.get()
    assert post.kind == PostKind.COMMENT and post.channel == connector.channel


def test_a_meta_webhook_with_a_bad_signature_is_refused_counted_and_changes_nothing(owner) -> None:
    connector = _meta(None, owner)
    url = f"/api/v1/monitoring/webhooks/{connector.pk}/meta/"
    body = recorded("meta", "webhook_page_comment.json")
    client = Client()
    for signature in ("", meta_webhooks.sign("guess", body)):
        response = client.post(
            url, data=body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=signature
        )
        assert response.status_code == 401
    big = b'{"object": "page", "entry": []' + b" " * (1024 * 1024) + b"}"
    assert (
        client.post(
            url,
            data=big,
            content_type="application/json",
            HTTP_X_HUB_SIGNATURE_256=meta_webhooks.sign("app-secret", big),
        ).status_code
        == 413
    )
    connector.refresh_from_db()
    assert not Post.objects.exists()
    assert connector.health == ConnectorHealth.DEGRADED
    assert connector.items_rejected == 3
    assert "X-Hub-Signature-256" in connector.recent_problems[-1]["reason"]


def _slack_post(connector: Connector, body: bytes, *, key: str = "signing", age: int = 0):
    stamp = str(int(timezone.now().timestamp()) - age)
    return Client().post(
        f"/api/v1/monitoring/webhooks/{connector.pk}/slack/",
        data=body,
        content_type="application/json",
        HTTP_X_SLACK_REQUEST_TIMESTAMP=stamp,
        HTTP_X_SLACK_SIGNATURE=slack_events.sign(key, stamp, body),
    )


def test_slack_events_are_verified_stored_and_edits_update_the_message(owner) -> None:
    connector = _slack(None, owner)
    challenge = _slack_post(connector, recorded("slack", "url_verification.json"))
    assert challenge.json()["challenge"].startswith("3eZbrw1aBm2")
    assert _slack_post(connector, recorded("slack", "event_message.json")).status_code == 200
    assert Post.objects.get().text.startswith("You are useless")
    assert (
        _slack_post(connector, recorded("slack", "event_message_changed.json")).status_code == 200
    )
    post = Post.objects.get()
    assert post.text == "Sorry, that was out of line." and post.edited_at is not None
    assert post.kind == PostKind.INTERNAL


def test_slack_events_with_a_bad_signature_or_an_old_timestamp_are_refused(owner) -> None:
    connector = _slack(None, owner)
    body = recorded("slack", "event_message.json")
    assert _slack_post(connector, body, key="guess").status_code == 401
    assert _slack_post(connector, body, age=600).status_code == 401
    assert not Post.objects.exists()
    connector.refresh_from_db()
    assert connector.items_rejected == 2 and connector.health == ConnectorHealth.DEGRADED


def _alert_on(post: Post, owner: User) -> Alert:
    rule = AlertRule.objects.create(name="Toxic", finding_kinds=["toxicity"])
    finding = Finding.objects.create(
        post=post, analyzer="toxicity", kind="toxic", score=0.9, reason="insult", fingerprint="f1"
    )
    now = timezone.now()
    alert = Alert.objects.create(
        rule=rule,
        channel=post.channel,
        owner=owner.person,
        group_key="g",
        title="Toxic comment",
        severity="high",
        category="conduct",
        first_seen_at=now,
        last_seen_at=now,
    )
    AlertEvidence.objects.create(alert=alert, finding=finding)
    return alert


def _stored_comment(server, owner: User) -> Post:
    server.on(FEED, ok("meta", "page_feed_1.json"))
    connector = _meta(server, owner)
    connector_poll(connector_id=connector.pk, http=local_client())
    return Post.objects.get(external_id="900000000000003_700000000000012")


def test_the_owner_hides_a_comment_from_its_alert_and_the_audit_log_says_so(owner) -> None:
    with played_server() as server:
        post = _stored_comment(server, owner)
        alert = _alert_on(post, owner)
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
        alert = _alert_on(post, owner)
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
        alert = _alert_on(post, owner)
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
    connector = _slack(None, owner, retention_days=30)
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
    _alert_on(held, owner)
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
        alert = _alert_on(post, owner)
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
        alert = _alert_on(post, owner)
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
    slack = _slack(None, admin_user)
    meta = _meta(None, admin_user)
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
