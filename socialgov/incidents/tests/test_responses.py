"""Response actions from an incident (hide a comment, report a lookalike, revoke a grant),
the impersonation triage that opens an incident, the KRI, and pinned page queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from socialgov.channels.services import (
    access_grant_add,
    discovered_account_record,
    discovered_account_triage,
)
from socialgov.core.models import AuditEvent
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.incidents import responses, services
from socialgov.incidents.models import Incident
from socialgov.incidents.tests.helpers import channel_of
from socialgov.monitoring.models import Post

pytestmark = pytest.mark.django_db
COMMENT = "900000000000003_700000000000012"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _incident_on_comment(server, owner) -> tuple[Incident, Post]:

    from socialgov.monitoring.pipeline.ingest import connector_poll
    from socialgov.monitoring.tests.platforms import meta_connector, ok, toxic_alert_on

    server.on("/v21.0/104857600001/feed", ok("meta", "page_feed_1.json"))
    connector = meta_connector(server, owner)
    connector_poll(connector_id=connector.pk, http=local_client())
    post = Post.objects.get(external_id=COMMENT)
    alert = toxic_alert_on(post, owner)
    incident = services.incident_open_from_alerts(actor=owner, alerts=[alert])
    return incident, post


def test_a_comment_is_hidden_from_the_incident_and_shows_on_its_timeline(owner) -> None:
    with played_server() as server:
        incident, post = _incident_on_comment(server, owner)
        assert responses.incident_posts(incident) == [post]
        server.on(f"/v21.0/{COMMENT}", Reply.json({"success": True}))
        responses.incident_moderate_comment(
            actor=owner, incident=incident, post=post, action="hide", http=local_client()
        )
    assert server.requests[-1].query["is_hidden"] == ["true"]
    assert incident.timeline.filter(code="comment_hidden").count() == 1
    assert AuditEvent.objects.filter(verb="incident.moderate_comment").count() == 1
    page = _client(owner).get(f"/incidents/{incident.pk}/").content.decode()
    assert "Comment hidden on the platform" in page


def test_a_post_that_is_not_evidence_of_the_incident_is_refused(owner) -> None:
    with played_server() as server:
        incident, _post = _incident_on_comment(server, owner)
        other = Post.objects.get(external_id="900000000000003_700000000000011")
        response = _client(owner).post(
            f"/incidents/{incident.pk}/act/",
            {"action": "moderate", "target": other.pk, "moderation": "delete"},
            follow=True,
        )
    assert "not evidence of this incident" in response.content.decode()
    assert not incident.timeline.filter(kind="action").exists()


def test_an_impersonation_triage_opens_an_incident_and_the_account_is_marked_reported(
    owner, lead
) -> None:
    channel = channel_of(owner)
    account = discovered_account_record(
        actor=lead,
        platform="instagram",
        handle="acme_support",
        evidence="<b>copy</b>",
        resembles=channel,
    )
    discovered_account_triage(actor=lead, account=account, triage="impersonation")
    incident = Incident.objects.get()
    assert incident.kind == "impersonation" and incident.lead == owner.person
    assert list(incident.discovered_accounts.all()) == [account]
    response = _client(lead).post(
        f"/incidents/{incident.pk}/act/",
        {"action": "report_account", "target": account.pk, "note": "Form sent"},
        follow=True,
    )
    assert "Lookalike account reported to the platform" in response.content.decode()
    assert AuditEvent.objects.filter(verb="discovered_account.reported").count() == 1


def test_an_access_grant_is_revoked_from_the_incident_but_only_on_its_channels(
    owner, analyst, teammate, outsider
) -> None:
    channel, elsewhere = channel_of(owner), channel_of(owner, handle="other")
    grant = access_grant_add(actor=None, channel=channel, role="editor", person=teammate.person)
    foreign = access_grant_add(actor=None, channel=elsewhere, role="editor", person=outsider.person)
    incident = services.incident_open(
        actor=analyst, title="Hijack", kind="takeover", severity="high", channels=[channel]
    )
    client = _client(analyst)
    client.post(f"/incidents/{incident.pk}/act/", {"action": "revoke_grant", "target": grant.pk})
    refused = client.post(
        f"/incidents/{incident.pk}/act/",
        {"action": "revoke_grant", "target": foreign.pk},
        follow=True,
    )
    grant.refresh_from_db()
    foreign.refresh_from_db()
    assert grant.status == "revoked" and foreign.status == "active"
    assert "not on a channel of this incident" in refused.content.decode()
    assert incident.timeline.filter(code="grant_revoked").count() == 1


def test_each_incident_records_the_incidents_per_quarter_kri_of_its_channel(
    owner, django_capture_on_commit_callbacks
) -> None:
    from socialgov.risks.services import kri_create

    channel = channel_of(owner)
    kri = kri_create(
        actor=None,
        name="Incidents",
        owner=owner.person,
        amber_threshold=2,
        red_threshold=3,
        metric="incidents_per_quarter",
        channel=channel,
    )
    for title in ("One", "Two"):
        with django_capture_on_commit_callbacks(execute=True):
            services.incident_open(
                actor=None, title=title, kind="other", severity="low", channels=[channel]
            )
    assert list(kri.measurements.order_by("pk").values_list("value", flat=True)) == [1.0, 2.0]


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/incidents/", "/incidents/board/"])
def test_the_list_and_board_pages_take_the_same_queries_for_4_or_40_incidents(
    analyst, owner, url
) -> None:
    channel = channel_of(owner)

    def open_some(count: int) -> None:
        for number in range(count):
            services.incident_open(
                actor=None,
                title=f"Incident {number}",
                kind="other",
                severity=["low", "medium", "high", "critical"][number % 4],
                lead=owner.person,
                channels=[channel],
            )

    client = _client(analyst)
    open_some(4)
    client.get(url)  # warm the session and the role cache
    few = _queries(client, url)
    open_some(36)
    assert _queries(client, url) == few
