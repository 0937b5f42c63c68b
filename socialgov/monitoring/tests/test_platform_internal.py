"""The internal platforms: Slack (history backfill, Events API signatures), Viva Engage
(Entra ID tokens, Graph communities, Engage messages) and Salesforce Chatter (feed elements,
session renewal, API usage), on recorded responses. Everything they read is internal."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgov.engine.sources import CredentialsRejected, build_source
from socialgov.engine.sources.chatter import ChatterSource, usage_meter
from socialgov.engine.sources.cleaning import InvalidItem
from socialgov.engine.sources.slack import SlackSource
from socialgov.engine.sources.slack import events as slack_events
from socialgov.engine.sources.viva_engage import VivaEngageSource
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring.tests.platforms import failing, ok, recorded

EVENT_NOW = dt.datetime.fromtimestamp(1795683600, tz=dt.UTC)


def _slack(server, secrets=None, **config):
    base = {"api_base": server.base, "channels": ["C0MOSAGEN1"], "team_id": "T0MOSA01"}
    source = build_source(
        "slack", {**base, **config}, secrets or {"bot_token": "xoxb-1"}, local_client()
    )
    assert isinstance(source, SlackSource)
    source.now = lambda: EVENT_NOW
    return source


def test_the_first_slack_poll_backfills_the_configured_days_across_pages() -> None:
    with played_server() as server:
        server.on(
            "/conversations.history",
            ok("slack", "history_page_1.json"),
            ok("slack", "history_page_2.json"),
        )
        batches = list(_slack(server, backfill_days=7).batches({}))
    posts = [p for b in batches for p in b.posts]
    oldest = float(server.requests[0].query["oldest"][0])
    assert oldest == pytest.approx((EVENT_NOW - dt.timedelta(days=7)).timestamp())
    assert server.requests[1].query["cursor"] == ["bmV4dF90czoxNzk1NjgyODAw"]
    assert {p.kind for p in posts} == {"internal"}
    assert [p.external_id for p in posts] == [
        "C0MOSAGEN1:1795683000.000300",
        "C0MOSAGEN1:1795682800.000100",
        "C0MOSAGEN1:1795682700.000050",
    ]  # the join message is skipped, not rejected
    assert posts[2].reply_to_id == "C0MOSAGEN1:1795682600.000010"
    assert posts[0].author is not None and posts[0].author.external_id == "T0MOSA01:U061F7AUR"
    assert "edited in Slack" in posts[1].notes
    assert len(batches[-1].rejected) == 1  # the message with a broken ts


def test_the_next_slack_poll_starts_at_the_newest_message_seen() -> None:
    with played_server() as server:
        server.on("/conversations.history", ok("slack", "history_page_2.json"))
        source = _slack(server, backfill_days=0)
        cursor = list(source.batches({}))[-1].cursor
        list(source.batches(cursor))
    assert float(server.requests[1].query["oldest"][0]) == pytest.approx(1795682700.00005)


def test_a_rotated_slack_token_is_renewed_and_handed_back() -> None:
    secrets = {
        "bot_token": "xoxe.xoxb-old",
        "refresh_token": "xoxe-1",
        "client_id": "c",
        "client_secret": "s",
    }
    with played_server() as server:
        server.on(
            "/conversations.history",
            ok("slack", "error_invalid_auth.json"),
            ok("slack", "history_page_2.json"),
        )
        server.on("/oauth.v2.access", ok("slack", "token_refreshed.json"))
        source = _slack(server, secrets, backfill_days=0)
        list(source.batches({}))
    assert source.renewed_secrets == {
        "bot_token": "xoxe.xoxb-1-new",
        "refresh_token": "xoxe-1-rotated",
    }


def _signed(body: bytes, *, key: str = "signing", at: dt.datetime = EVENT_NOW) -> dict[str, str]:
    timestamp = str(int(at.timestamp()))
    return {"timestamp": timestamp, "signature": slack_events.sign(key, timestamp, body)}


def test_a_signed_slack_event_within_five_minutes_is_accepted() -> None:
    body = recorded("slack", "event_message.json")
    slack_events.verify(secret="signing", body=body, now=EVENT_NOW, **_signed(body))


@pytest.mark.parametrize(
    "change",
    [
        "wrong secret",
        "old timestamp",
        "future timestamp",
        "no timestamp",
        "tampered body",
        "no signature",
    ],
)
def test_a_slack_event_with_a_bad_signature_or_timestamp_is_refused(change: str) -> None:
    body = recorded("slack", "event_message.json")
    sent = _signed(body)
    if change == "wrong secret":
        sent = _signed(body, key="guess")
    elif change == "old timestamp":
        sent = _signed(body, at=EVENT_NOW - dt.timedelta(minutes=6))
    elif change == "future timestamp":
        sent = _signed(body, at=EVENT_NOW + dt.timedelta(minutes=6))
    elif change == "no timestamp":
        sent["timestamp"] = ""
    elif change == "tampered body":
        body = body.replace(b"useless", b"helpful")
    else:
        sent["signature"] = ""
    with pytest.raises(slack_events.SignatureError):
        slack_events.verify(secret="signing", body=body, now=EVENT_NOW, **sent)


def test_slack_url_verification_returns_the_challenge() -> None:
    result = slack_events.parse_event(
        recorded("slack", "url_verification.json"), channels=[], team="", now=EVENT_NOW
    )
    assert result.challenge.startswith("3eZbrw1aBm2")


def test_a_slack_message_event_and_its_edit_share_one_id() -> None:
    args = {"channels": ["C0MOSAGEN1"], "team": "T0MOSA01", "now": EVENT_NOW}
    new = slack_events.parse_event(recorded("slack", "event_message.json"), **args)  # type: ignore[arg-type]
    edit = slack_events.parse_event(recorded("slack", "event_message_changed.json"), **args)  # type: ignore[arg-type]
    assert new.posts[0].external_id == edit.posts[0].external_id
    assert edit.posts[0].text == "Sorry, that was out of line."
    assert new.posts[0].kind == "internal"


def test_slack_events_from_unwatched_channels_or_other_workspaces_are_not_stored() -> None:
    body = recorded("slack", "event_message.json")
    result = slack_events.parse_event(body, channels=["C0OTHER01"], team="T0MOSA01", now=EVENT_NOW)
    assert result.posts == [] and result.rejected
    with pytest.raises(InvalidItem):
        slack_events.parse_event(body, channels=["C0MOSAGEN1"], team="T0ELSE", now=EVENT_NOW)


def test_unknown_slack_event_types_are_skipped_with_a_reason() -> None:
    body = json.dumps(
        {"type": "event_callback", "team_id": "T0MOSA01", "event": {"type": "reaction_added"}}
    ).encode()
    result = slack_events.parse_event(body, channels=["C0MOSAGEN1"], team="T0MOSA01", now=EVENT_NOW)
    assert result.posts == [] and "reaction_added" in result.rejected[0].reason


def _viva(server, secrets, **extra):
    config = {
        "engage_base": server.base,
        "graph_base": server.base,
        "login_base": server.base,
        "tenant": "mosa.example",
        "group_ids": ["150000001"],
        "list_communities": False,
        **extra,
    }
    source = build_source("viva_engage", config, secrets, local_client())
    assert isinstance(source, VivaEngageSource)
    return source


GROUP = "/api/v1/messages/in_group/150000001.json"
TOKEN = "/mosa.example/oauth2/v2.0/token"


def test_viva_engage_uses_an_app_token_and_reads_messages_with_their_senders() -> None:
    with played_server() as server:
        server.on(TOKEN, ok("viva_engage", "token.json"))
        server.on(GROUP, ok("viva_engage", "messages_page_1.json"))
        source = _viva(server, {"client_id": "c", "client_secret": "s"})
        posts = next(iter(source.batches({}))).posts
    token_call = server.requests[0]
    assert b"grant_type=client_credentials" in token_call.body
    assert b"scope=https%3A%2F%2Fapi.yammer.com%2F.default" in token_call.body
    assert posts[0].kind == "internal"
    assert posts[0].created_at == dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.UTC)
    assert posts[0].author is not None and posts[0].author.display_name == "Ann Peeters"
    assert posts[1].reply_to_id == "2400000000000001"


def test_viva_engage_delegated_refresh_tokens_rotate_and_are_handed_back() -> None:
    with played_server() as server:
        server.on(TOKEN, ok("viva_engage", "token_rotated.json"))
        server.on(GROUP, ok("viva_engage", "messages_page_2.json"))
        source = _viva(server, {"client_id": "c", "refresh_token": "0.old"})
        batch = next(iter(source.batches({})))
    assert source.renewed_secrets == {"refresh_token": "0.AVYA-rotated-refresh"}
    assert len(batch.rejected) == 1  # the message without a plain body


def test_viva_engage_tells_the_owner_when_consent_expired() -> None:
    with played_server() as server:
        server.on(TOKEN, failing("viva_engage", "error_invalid_grant.json", 400))
        with pytest.raises(CredentialsRejected, match="invalid_grant"):
            list(_viva(server, {"client_id": "c", "refresh_token": "0.old"}).batches({}))


def test_viva_engage_lists_communities_through_microsoft_graph() -> None:
    with played_server() as server:
        server.on(TOKEN, ok("viva_engage", "token.json"))
        server.on("/v1.0/employeeExperience/communities", ok("viva_engage", "communities.json"))
        communities = _viva(server, {"client_id": "c", "client_secret": "s"}).communities()
    assert [c["name"] for c in communities] == ["Finance", "All Company"]
    assert b"scope=https%3A%2F%2Fgraph.microsoft.com%2F.default" in server.requests[0].body
    assert len(server.requests) == 2


def _chatter(server, secrets):
    source = build_source(
        "chatter",
        {"instance_url": server.base, "group_ids": ["0F95g000000ABCDCA4"]},
        secrets,
        local_client(),
    )
    assert isinstance(source, ChatterSource)
    return source


FEED = "/services/data/v61.0/chatter/feeds/record/0F95g000000ABCDCA4/feed-elements"


def test_chatter_feed_items_come_with_their_comments_and_bundles_are_rejected() -> None:
    with played_server() as server:
        server.on(
            FEED, ok("chatter", "feed_page_1.json", **{"Sforce-Limit-Info": "api-usage=1200/15000"})
        )
        batch = next(iter(_chatter(server, {"access_token": "sf"}).batches({})))
    assert [p.external_id for p in batch.posts] == ["0D55g00000ZYXW1CAA", "0D75g00000QRST1CAA"]
    assert batch.posts[1].reply_to_id == "0D55g00000ZYXW1CAA"
    assert {p.kind for p in batch.posts} == {"internal"}
    assert "Bundle" in batch.rejected[0].reason
    assert usage_meter(batch.cursor) == {"used": 1200, "limit": 15000, "percent": 8}
    assert server.requests[0].query["sort"] == ["LastModifiedDateDesc"]


def test_an_expired_chatter_session_is_renewed_with_the_client_credentials_flow() -> None:
    with played_server() as server:
        server.on(
            FEED, failing("chatter", "error_session.json", 401), ok("chatter", "feed_page_2.json")
        )
        server.on("/services/oauth2/token", ok("chatter", "token.json"))
        source = _chatter(server, {"access_token": "old", "client_id": "c", "client_secret": "s"})
        posts = [p for b in source.batches({}) for p in b.posts]
    assert len(posts) == 1
    assert b"grant_type=client_credentials" in server.requests[1].body
    assert server.requests[2].headers["Authorization"] == "Bearer 00D5g000004ABCD!AQ0AQ.sf-token"


def test_a_refused_chatter_client_is_reported_with_what_to_do() -> None:
    with played_server() as server:
        server.on("/services/oauth2/token", failing("chatter", "error_invalid_client.json", 400))
        with pytest.raises(CredentialsRejected, match="connected app"):
            list(_chatter(server, {"client_id": "c", "client_secret": "s"}).batches({}))


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=20,
    )
)
def test_hostile_slack_events_are_refused_or_skipped_never_crash(value: object) -> None:
    body = json.dumps(
        {"type": "event_callback", "team_id": "T0MOSA01",
         "event": {"type": "message", "channel": "C0MOSAGEN1", "user": value, "text": value,
                   "ts": value, "subtype": value, "message": value, "thread_ts": value}}
    ).encode()  # fmt: skip
    try:
        result = slack_events.parse_event(
            body, channels=["C0MOSAGEN1"], team="T0MOSA01", now=EVENT_NOW
        )
    except InvalidItem as error:
        assert str(error)
    else:
        assert len(result.posts) + len(result.rejected) == 1


def test_viva_engage_notes_the_networks_communities_once_a_day_without_failing_on_refusal() -> None:
    with played_server() as server:
        server.on(TOKEN, ok("viva_engage", "token.json"))
        server.on("/v1.0/employeeExperience/communities", ok("viva_engage", "communities.json"))
        server.on(GROUP, ok("viva_engage", "messages_page_2.json"))
        secrets = {"client_id": "c", "client_secret": "s"}
        cursor = list(_viva(server, secrets, list_communities=True).batches({}))[-1].cursor
        assert cursor["_communities"]["names"] == ["Finance", "All Company"]
        graph_calls = len([s for s in server.requests if "employeeExperience" in s.path])
        list(_viva(server, secrets, list_communities=True).batches(cursor))
        assert len([s for s in server.requests if "employeeExperience" in s.path]) == graph_calls
        server.on("/v1.0/employeeExperience/communities", Reply.json({"error": {}}, status=403))
        refused = list(_viva(server, secrets, list_communities=True).batches({}))[-1].cursor
    assert "PLATFORMS.md" in refused["_communities"]["error"]
    assert refused["group:150000001"]["watermark"]  # the posts were read all the same
