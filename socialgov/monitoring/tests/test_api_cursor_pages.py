"""Cursor (keyset) pages of the posts and alerts lists, beside the limit/offset pages clients
already use: the same rows in the same order, each once, and a bad cursor is a 400."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.monitoring import services
from socialgov.monitoring.models import Alert, Post
from socialgov.monitoring.tests.helpers import make_channel

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


@pytest.fixture
def channels(owner: User, outsider: User) -> tuple[Channel, Channel]:
    return make_channel(owner.person), make_channel(outsider.person, handle="other@mastodon")


@pytest.fixture
def posts(channels: tuple[Channel, Channel]) -> list[Post]:
    # Every third post shares its time with the one before: ties the cursor must not lose.
    rows = [
        Post(
            platform="mastodon",
            external_id=f"p{n}",
            text=f"post {n}",
            published_at=START + dt.timedelta(minutes=n - n % 3 // 2),
            kind="mention",
            channel=channels[n % 2],
            content_hash=f"{n:064d}",
        )
        for n in range(23)
    ]
    return Post.objects.bulk_create(rows)


def _walk(client: Any, url: str) -> tuple[list[int], list[dict[str, Any]]]:
    ids: list[int] = []
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        pages.append(page)
        ids += [row["id"] for row in page["results"]]
        url = page["next"]
    return ids, pages


def test_cursor_pages_list_every_post_once_in_the_order_of_the_offset_pages(
    posts: list[Post], lead: User, api_as: Any
) -> None:
    client = api_as(lead)
    by_offset, _ = _walk(client, "/api/v1/posts/?limit=5")
    by_cursor, pages = _walk(client, "/api/v1/posts/?cursor=&limit=5")
    assert by_cursor == by_offset
    assert sorted(by_cursor) == sorted(post.pk for post in posts)
    assert all("count" not in page for page in pages)
    assert len(pages) == 5 and all(len(page["results"]) == 5 for page in pages[:4])
    assert "cursor=" in pages[0]["next"] and "offset" not in pages[0]["next"]


def test_a_previous_link_leads_back_to_the_page_before(
    posts: list[Post], lead: User, api_as: Any
) -> None:
    client = api_as(lead)
    first = client.get("/api/v1/posts/?cursor=&limit=4").json()
    second = client.get(first["next"]).json()
    assert first["previous"] is None
    back = client.get(second["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in first["results"]]


def test_offset_pages_keep_their_count_and_offset_links(
    posts: list[Post], lead: User, api_as: Any
) -> None:
    page = api_as(lead).get("/api/v1/posts/?limit=5&offset=20").json()
    assert page["count"] == 23 and len(page["results"]) == 3 and page["next"] is None
    assert parse_qs(urlsplit(page["previous"]).query)["offset"] == ["15"]


def test_an_owner_pages_through_only_their_channel_by_cursor(
    posts: list[Post], owner: User, channels: tuple[Channel, Channel], api_as: Any
) -> None:
    ids, _ = _walk(api_as(owner), "/api/v1/posts/?cursor=&limit=4")
    assert sorted(ids) == sorted(post.pk for post in posts if post.channel_id == channels[0].pk)


def _cursor(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    ["%%%not-base64", _cursor("o=x"), _cursor("p=not a date"), _cursor("p=2026-13-45")],
    ids=["garbage", "bad offset", "bad position", "impossible date"],
)
def test_a_forged_cursor_is_a_400_naming_the_cursor(
    posts: list[Post], lead: User, api_as: Any, cursor: str
) -> None:
    response = api_as(lead).get("/api/v1/posts/", {"cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json()


def test_alerts_page_by_cursor_too(
    channels: tuple[Channel, Channel], lead: User, api_as: Any
) -> None:
    rule = services.alert_rule_create(actor=None, name="Toxic", finding_kinds=["toxicity"])
    Alert.objects.bulk_create(
        Alert(
            rule=rule,
            channel=channels[0],
            owner=channels[0].owner,
            group_key=f"g{n}",
            title=f"alert {n}",
            severity="medium",
            category="reputation",
            status="open",
            first_seen_at=START,
            last_seen_at=START + dt.timedelta(hours=n // 2),
        )
        for n in range(7)
    )
    client = api_as(lead)
    by_cursor, _ = _walk(client, "/api/v1/alerts/?cursor=&limit=3")
    by_offset, _ = _walk(client, "/api/v1/alerts/?limit=3")
    assert by_cursor == by_offset and len(set(by_cursor)) == 7


def test_the_schema_documents_the_cursor_and_a_count_only_offset_pages_carry(
    admin_user: User, api_as: Any
) -> None:
    schema = api_as(admin_user).get("/api/schema/?format=json").json()
    for path in ("/api/v1/posts/", "/api/v1/alerts/"):
        names = [p["name"] for p in schema["paths"][path]["get"]["parameters"]]
        assert {"cursor", "limit", "offset"} <= set(names)
    page = schema["components"]["schemas"]["PaginatedPostOutputList"]
    assert page["required"] == ["results"]
