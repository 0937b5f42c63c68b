"""Issue 19 on the monitoring side: what the connectors hand over survives storing. A mention
keeps its kind whichever Mastodon timeline saw it first; a Bluesky delete clears the text
unless an open alert or a legal hold needs it; handles from identity events reach the authors
already stored. Each poll goes through the production code, served on loopback."""

from __future__ import annotations

import json
from typing import Any

import pytest

from socialgov.archive.services import legal_hold_create
from socialgov.core.models import User
from socialgov.engine.tests.played_server import Reply, fixture, local_client, played_server
from socialgov.engine.tests.test_connectors_bluesky import jetstream_server
from socialgov.monitoring import services
from socialgov.monitoring.models import AnalysisState, Author, Connector, Post, PostKind
from socialgov.monitoring.pipeline.ingest import connector_poll
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.monitoring.tests.platforms import toxic_alert_on

pytestmark = pytest.mark.django_db

TAG = "/api/v1/timelines/tag/mosa"
NOTIFICATIONS = "/api/v1/notifications"


def _mention_seen_by_both() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A notification of a mention, and the same status on the #mosa timeline, where nothing
    in it names a registered channel (the timeline alone cannot tell it is a mention)."""
    notification = json.loads(fixture("mastodon_notifications.json"))[0]
    notification["status"]["content"] = "<p>Jullie app is al dagen traag #mosa</p>"
    notification["status"]["mentions"] = []
    return notification["status"], [notification]


def _connectors(server: Any, owner: User) -> tuple[Connector, Connector]:
    channel = make_channel(owner.person, handle="mosa_help@mastodon.social")
    hashtag = services.connector_create(
        actor=None,
        name="#mosa",
        kind="mastodon",
        config={"server": server.base, "hashtags": ["mosa"]},
    )
    mentions = services.connector_create(
        actor=None,
        name="mentions of mosa_help",
        kind="mastodon",
        config={"server": server.base, "notifications": True},
        secrets={"access_token": "tok"},
        channel=channel,
    )
    return hashtag, mentions


@pytest.mark.parametrize("first", ["hashtag", "notifications"])
def test_a_mastodon_mention_stays_a_mention_whichever_timeline_saw_it_first(
    owner: User, first: str
) -> None:
    status, notifications = _mention_seen_by_both()
    with played_server() as server:
        server.on(TAG, Reply.json([status]))
        server.on(NOTIFICATIONS, Reply.json(notifications))
        hashtag, mentions = _connectors(server, owner)
        order = [hashtag, mentions] if first == "hashtag" else [mentions, hashtag]
        kinds = []
        for connector in order:
            connector_poll(connector_id=connector.pk, http=local_client())
            kinds.append(Post.objects.get().kind)
    post = Post.objects.get()
    assert kinds[-1] == PostKind.MENTION
    assert post.channel_id == mentions.channel_id
    assert post.edited_at is None and "versions" not in post.raw  # seen again, not edited
    if first == "hashtag":
        assert kinds[0] == PostKind.OTHER  # what the timeline alone said
        # Analysed again as a mention: rules for mentions must see it.
        assert post.analysis_state == AnalysisState.PENDING


def _jetstream(endpoint: str) -> Connector:
    return services.connector_create(
        actor=None,
        name="Jetstream",
        kind="bluesky_jetstream",
        config={"endpoint": endpoint, "keywords": ["mosa"], "max_seconds": 1, "appview": ""},
    )


def _event(n: int, did: str, operation: str, text: str = "") -> str:
    commit: dict[str, Any] = {
        "rev": f"r{n}",
        "operation": operation,
        "collection": "app.bsky.feed.post",
        "rkey": f"k{did[-1]}",
    }
    if operation == "create":
        commit["record"] = {"text": text, "createdAt": "2026-11-27T08:00:00.000Z"}
        commit["cid"] = f"bafy{n}"
    return json.dumps(
        {"did": did, "time_us": 1764230000000000 + n, "kind": "commit", "commit": commit}
    )


def _poll_jetstream(connector: Connector, messages: list[str]) -> None:
    with jetstream_server(messages) as (endpoint, _paths):
        Connector.objects.filter(pk=connector.pk).update(
            config={**connector.config, "endpoint": endpoint}
        )
        connector_poll(connector_id=connector.pk, http=local_client())


def test_a_bluesky_delete_clears_the_text_unless_a_hold_or_an_open_alert_needs_it(
    owner: User, lead: User
) -> None:
    make_channel(owner.person, platform="bluesky", handle="mosa.be")
    connector = _jetstream("ws://127.0.0.1:9")
    _poll_jetstream(
        connector,
        [
            _event(1, "did:plc:aaa", "create", "Mosa contract 2024-17 was signed"),
            _event(2, "did:plc:bbb", "create", "Mosa, you idiots"),
            _event(3, "did:plc:ccc", "create", "Mosa is fine"),
        ],
    )
    assert Post.objects.count() == 3
    legal_hold_create(actor=lead, name="Contract dispute", query="contract 2024-17")
    insulted = Post.objects.get(text="Mosa, you idiots")
    toxic_alert_on(insulted, owner)
    _poll_jetstream(
        connector,
        [
            _event(n, did, "delete")
            for n, did in [(4, "did:plc:aaa"), (5, "did:plc:bbb"), (6, "did:plc:ccc")]
        ],
    )
    texts = dict(Post.objects.values_list("author__external_id", "text"))
    assert not Post.objects.filter(deleted_at__isnull=True).exists()
    assert texts == {
        "did:plc:aaa": "Mosa contract 2024-17 was signed",  # under the legal hold
        "did:plc:bbb": "Mosa, you idiots",  # evidence of an open alert
        "did:plc:ccc": "",  # nothing needs it: gone, as the author wanted
    }


def test_a_handle_from_an_identity_event_updates_the_author_already_stored(owner: User) -> None:
    connector = _jetstream("ws://127.0.0.1:9")
    _poll_jetstream(connector, [_event(1, "did:plc:aaa", "create", "Mosa app down again")])
    author = Author.objects.get(external_id="did:plc:aaa")
    assert author.handle in ("", "did:plc:aaa")
    identity = {
        "did": "did:plc:aaa",
        "time_us": 1764230000000009,
        "kind": "identity",
        "identity": {"did": "did:plc:aaa", "handle": "anna.bsky.social", "seq": 7},
    }
    _poll_jetstream(connector, [json.dumps(identity)])
    author.refresh_from_db()
    assert author.handle == "anna.bsky.social"
    assert Author.objects.filter(platform="bluesky").count() == 1
