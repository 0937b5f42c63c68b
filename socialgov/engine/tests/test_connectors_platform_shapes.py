"""Sources on payload shapes the platforms document (Mastodon's Status entity, the AT
Protocol's post record and Jetstream's events, RSS modules), written for these tests from the
public documentation. Each test names a finding of issue 19."""

from __future__ import annotations

import datetime as dt
from typing import Any

from socialgov.engine.sources import build_source
from socialgov.engine.sources.bluesky import event_to_post, post_view_to_post
from socialgov.engine.sources.bluesky.profiles import Directory, identity_author
from socialgov.engine.sources.mastodon.source import status_to_post
from socialgov.engine.sources.rss import parse_feed
from socialgov.engine.tests.played_server import NOW, Reply, local_client, played_server


def _status(**fields: Any) -> dict[str, Any]:
    return {
        "id": "111000000000000001",
        "created_at": "2026-11-27T08:00:00.000Z",
        "uri": "https://social.example/users/anna/statuses/111000000000000001",
        "url": "https://social.example/@anna/111000000000000001",
        "content": "",
        "account": {"id": "7", "acct": "anna@social.example"},
        **fields,
    }


def test_a_mastodon_post_of_only_a_picture_keeps_its_alt_text_and_media() -> None:
    image = {
        "id": "9",
        "type": "image",
        "url": "https://files.social.example/a.png",
        "description": "Screenshot of a Mosa claim form with a customer number",
    }
    bare = {"id": "10", "type": "video", "url": "https://files.social.example/v.mp4"}
    post = status_to_post(_status(media_attachments=[image, bare]), now=NOW)
    assert post.text == (
        "Screenshot of a Mosa claim form with a customer number\nhttps://files.social.example/v.mp4"
    )
    assert post.raw["media"][0]["description"].startswith("Screenshot")


def test_mastodon_poll_options_are_part_of_the_text() -> None:
    poll = {
        "id": "3",
        "multiple": False,
        "options": [{"title": "Mosa pays", "votes_count": 4}, {"title": "Mosa stalls"}],
    }
    post = status_to_post(_status(content="<p>Who wins?</p>", poll=poll), now=NOW)
    assert post.text == "Who wins?\nMosa pays\nMosa stalls"


def test_a_mastodon_quote_post_names_the_status_it_quotes_in_both_quote_shapes() -> None:
    full = {"state": "accepted", "quoted_status": _status(id="111000000000000000")}
    shallow = {"state": "accepted", "quoted_status_id": "111000000000000002"}
    assert status_to_post(_status(quote=full), now=NOW).quote_of_id == "111000000000000000"
    assert status_to_post(_status(quote=shallow), now=NOW).quote_of_id == "111000000000000002"
    assert status_to_post(_status(quote=None), now=NOW).quote_of_id == ""


def test_a_mastodon_reblog_links_to_the_reblogged_status_not_its_activity() -> None:
    original = _status(content="<p>Mosa leaks</p>")
    reblog = _status(
        id="111000000000000009",
        uri="https://other.example/users/bob/statuses/111000000000000009/activity",
        url=None,
        content="",
        reblog=original,
    )
    post = status_to_post(reblog, now=NOW)
    assert post.url == "https://social.example/@anna/111000000000000001"
    assert post.text == "Mosa leaks" and post.repost_of_id == "111000000000000001"


def test_a_mastodon_edit_carries_its_edit_time_and_new_text() -> None:
    edited = _status(content="<p>Mosa fixed it</p>", edited_at="2026-11-27T08:30:00.000Z")
    post = status_to_post(edited, now=NOW)
    assert post.edited_at == dt.datetime(2026, 11, 27, 8, 30, tzinfo=dt.UTC)


DID = "did:plc:anna"


def _record(text: str, **fields: Any) -> dict[str, Any]:
    return {"$type": "app.bsky.feed.post", "text": text, "createdAt": "2026-11-27T08:00:00Z"} | (
        fields
    )


def _link_facet(text: str, shown: str, uri: str) -> dict[str, Any]:
    start = text.encode().index(shown.encode())
    return {
        "index": {"byteStart": start, "byteEnd": start + len(shown.encode())},
        "features": [{"$type": "app.bsky.richtext.facet#link", "uri": uri}],
    }


def _view(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "uri": f"at://{DID}/app.bsky.feed.post/3l1",
        "cid": "bafy1",
        "author": {"did": DID, "handle": "anna.bsky.social"},
        "record": record,
    }


def test_a_bluesky_link_is_stored_in_full_not_as_the_shortened_form_shown() -> None:
    text = "Zie ↓ www.youtube.com/watch?v=V5lD... over Mosa"
    uri = "https://www.youtube.com/watch?v=V5lDmosa42"
    record = _record(text, facets=[_link_facet(text, "www.youtube.com/watch?v=V5lD...", uri)])
    post = post_view_to_post(_view(record), now=NOW)
    assert post.text == f"Zie ↓ {uri} over Mosa"
    assert post.raw["links"] == [uri]


def test_words_carrying_a_bluesky_link_keep_the_link_after_them() -> None:
    text = "read the report"
    record = _record(text, facets=[_link_facet(text, "report", "https://mosa.example/r")])
    assert post_view_to_post(_view(record), now=NOW).text == (
        "read the report (https://mosa.example/r)"
    )


def test_a_bluesky_facet_with_indices_outside_the_text_is_ignored() -> None:
    bad = {"index": {"byteStart": 5, "byteEnd": 900}, "features": [{"$type": "x#link"}]}
    assert post_view_to_post(_view(_record("Mosa", facets=[bad])), now=NOW).text == "Mosa"


def test_a_bluesky_link_card_gives_its_title_and_description_and_images_their_alt_text() -> None:
    card = {
        "$type": "app.bsky.embed.external",
        "external": {
            "uri": "https://news.example/mosa",
            "title": "Mosa fined for data leak",
            "description": "The regulator says",
        },
    }
    post = post_view_to_post(_view(_record("look", embed=card)), now=NOW)
    assert post.text == "look\nMosa fined for data leak\nThe regulator says"
    assert post.raw["links"] == ["https://news.example/mosa"]
    images = {"$type": "app.bsky.embed.images", "images": [{"alt": "Mosa letter", "image": {}}]}
    assert post_view_to_post(_view(_record("", embed=images)), now=NOW).text == "Mosa letter"


def _commit(did: str, rkey: str, operation: str, record: dict[str, Any] | None) -> dict[str, Any]:
    commit: dict[str, Any] = {
        "rev": "r",
        "operation": operation,
        "collection": "app.bsky.feed.post",
        "rkey": rkey,
    }
    if record is not None:
        commit |= {"record": record, "cid": "bafy"}
    return {"did": did, "time_us": 1764230000000001, "kind": "commit", "commit": commit}


def test_a_jetstream_identity_event_names_the_handle_of_its_did() -> None:
    event = {
        "did": DID,
        "time_us": 1,
        "kind": "identity",
        "identity": {
            "did": DID,
            "handle": "anna.example",
            "seq": 5,
            "time": "2026-11-27T08:00:00Z",
        },
    }
    author = identity_author(event)
    assert author is not None and (author.external_id, author.handle) == (DID, "anna.example")
    assert identity_author({**event, "identity": {"did": DID, "handle": "handle.invalid"}}) is None


def test_jetstream_authors_and_mentions_get_handles_from_a_profile_lookup() -> None:
    mention = {"features": [{"$type": "app.bsky.richtext.facet#mention", "did": "did:plc:mosa"}]}
    post = event_to_post(
        _commit(DID, "3l2", "create", _record("@mosa help", facets=[mention])), now=NOW
    )
    assert post is not None
    profiles = {
        "profiles": [
            {"did": DID, "handle": "anna.bsky.social", "displayName": "Anna", "followersCount": 3},
            {"did": "did:plc:mosa", "handle": "mosa.bsky.social"},
        ]
    }
    with played_server() as server:
        server.on("/xrpc/app.bsky.actor.getProfiles", Reply.json(profiles))
        named = Directory(local_client(), server.base, NOW).named([post])
    asked = server.requests[0].query["actors"]
    assert sorted(asked) == [DID, "did:plc:mosa"]
    assert named[0].author is not None and named[0].author.handle == "anna.bsky.social"
    assert named[0].author.followers_count == 3
    assert named[0].mentions == ("mosa.bsky.social",)
    assert named[0].url == "https://bsky.app/profile/anna.bsky.social/post/3l2"


def test_a_failing_profile_lookup_leaves_the_posts_with_their_dids() -> None:
    post = event_to_post(_commit(DID, "3l3", "create", _record("Mosa")), now=NOW)
    assert post is not None
    with played_server() as server:
        server.on("/xrpc/app.bsky.actor.getProfiles", Reply(500, b"down"))
        named = Directory(local_client(), server.base, NOW).named([post])
    assert named == [post]


PODCAST = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Pod</title><dc:language>nl-BE</dc:language>
<item><title>Episode 1</title><guid isPermaLink="false">e1</guid>
<dc:creator>Jan Peeters</dc:creator><dc:date>2026-11-26T10:00:00+01:00</dc:date>
<dc:subject>verzekering</dc:subject><itunes:author>Mosa Podcast</itunes:author>
<itunes:summary>Over schadeclaims bij Mosa</itunes:summary>
<media:description>Opgenomen in Gent</media:description>
<media:thumbnail url="https://media.example/t.jpg"/>
<enclosure url="https://media.example/e1.mp3" type="audio/mpeg" length="1"/>
</item></channel></rss>"""


def test_dc_itunes_and_media_fields_of_a_feed_item_are_kept() -> None:
    posts, _ = parse_feed(PODCAST, feed_url="https://pod.example/feed", now=NOW)
    post = posts[0]
    assert post.text == "Episode 1\nOpgenomen in Gent\nOver schadeclaims bij Mosa"
    assert post.created_at == dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
    assert post.language == "nl-be"
    assert post.raw["author"] == "Mosa Podcast, Jan Peeters"
    assert post.raw["tags"] == ["verzekering"]
    assert post.raw["media"] == ["https://media.example/e1.mp3", "https://media.example/t.jpg"]
    assert post.url == "https://media.example/e1.mp3"  # the guid "e1" is no link


def test_a_summary_that_repeats_the_content_is_not_stored_twice() -> None:
    item = (
        "<item><guid>https://n.example/1</guid><title>T</title>"
        "<description>Mosa refuses the claim [&#8230;]</description>"
        "<content:encoded><![CDATA[<p>Mosa refuses the claim of a widow.</p>]]></content:encoded>"
        "</item>"
    )
    body = (
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>N</title>{item}</channel></rss>"
    ).encode()
    posts, _ = parse_feed(body, feed_url="https://n.example/feed", now=NOW)
    assert posts[0].text == "T\nMosa refuses the claim of a widow."


def test_harmless_entity_declarations_are_expanded_and_long_or_external_ones_are_not() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY nbsp "&#160;">\n'
        b'<!ENTITY co "Mosa">\n<!ENTITY big "' + b"x" * 5000 + b'">\n'
        b'<!ENTITY ext SYSTEM "file:///etc/passwd">\n]>\n<rss version="2.0"><channel>'
        b"<title>t</title><item><guid>1</guid><title>&co;&nbsp;zegt &ext;"
        + b"&big;" * 2000
        + b"</title></item></channel></rss>"
    )
    posts, _ = parse_feed(body, feed_url="https://n.example/feed", now=NOW)
    assert posts[0].text.startswith("Mosa zegt &ext;&big;&big;")
    assert "root:" not in posts[0].text and "xxxxx" not in posts[0].text


def test_a_jetstream_source_asks_the_configured_appview_for_profiles() -> None:
    source = build_source(
        "bluesky_jetstream",
        {"endpoint": "ws://127.0.0.1:9", "keywords": ["mosa"], "appview": ""},
        {},
        local_client(),
    )
    assert source.config["appview"] == ""  # type: ignore[attr-defined]
