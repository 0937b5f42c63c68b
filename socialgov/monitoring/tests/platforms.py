"""What the platform connector tests share: the recorded responses, and per platform how to
configure a connector against the local server and which answers mean what."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from socialgov.core.models import User
from socialgov.engine.sources import Source, build_source
from socialgov.engine.tests.played_server import PlayedServer, Reply, local_client
from socialgov.monitoring import services
from socialgov.monitoring.models import Alert, AlertEvidence, AlertRule, Connector, Finding, Post
from socialgov.monitoring.tests.helpers import make_channel

SOURCES = Path(__file__).resolve().parents[2] / "engine" / "sources"


def recorded(platform: str, name: str) -> bytes:
    return (SOURCES / platform / "recorded" / name).read_bytes()


def recorded_json(platform: str, name: str) -> Any:
    return json.loads(recorded(platform, name))


def ok(platform: str, name: str, **headers: str) -> Reply:
    return Reply(200, recorded(platform, name), {"Content-Type": "application/json", **headers})


def failing(platform: str, name: str, status: int, **headers: str) -> Reply:
    return Reply(status, recorded(platform, name), {"Content-Type": "application/json", **headers})


@dataclass
class PlatformCase:
    kind: str
    config: Callable[[str], dict[str, Any]]
    secrets: dict[str, str]
    listing: str  # the path of the first listing read
    page_1: Reply
    page_2: Reply
    page_token_param: str
    page_1_token: str
    cursor_key: str
    old_watermark: str
    expired: Reply
    forbidden: Reply
    rate_limited: Callable[[], Reply]
    setup: Callable[[PlayedServer], None] = field(default=lambda server: None)
    # Configuration that makes the first poll read one page (Slack backfills by default).
    one_page: dict[str, Any] = field(default_factory=dict)

    def source(self, server: PlayedServer, **config: Any) -> Source:
        return build_source(
            self.kind, {**self.config(server.base), **config}, dict(self.secrets), local_client()
        )


def _in_an_hour() -> str:
    return str(int(time.time()) + 3600)


def _reddit_token(server: PlayedServer) -> None:
    server.on("/api/v1/access_token", ok("reddit", "token.json"))


CASES = [
    PlatformCase(
        kind="meta",
        config=lambda base: {"api_base": base, "pages": ["104857600001"], "ratings": False},
        secrets={"access_token": "page-token", "app_secret": "app-secret"},
        listing="/v21.0/104857600001/feed",
        page_1=ok("meta", "page_feed_1.json"),
        page_2=ok("meta", "page_feed_2.json"),
        page_token_param="after",
        page_1_token="QVFIUkFGT2",
        cursor_key="page:104857600001",
        old_watermark="2000-01-01T00:00:00+00:00",
        expired=failing("meta", "error_expired_token.json", 400),
        forbidden=failing("meta", "error_permission.json", 403),
        rate_limited=lambda: failing(
            "meta",
            "error_throttled.json",
            400,
            **{
                "X-Business-Use-Case-Usage": json.dumps(
                    {
                        "104857600001": [
                            {
                                "type": "pages",
                                "call_count": 100,
                                "estimated_time_to_regain_access": 30,
                            }
                        ]
                    }
                )
            },
        ),
    ),
    PlatformCase(
        kind="x",
        config=lambda base: {"api_base": base, "searches": ["mosa"]},
        secrets={"bearer_token": "app-bearer"},
        listing="/2/tweets/search/recent",
        page_1=ok("x", "search_page_1.json"),
        page_2=ok("x", "search_page_2.json"),
        page_token_param="next_token",
        page_1_token="b26v89c19zqg8o3fpzbkk",
        cursor_key="search:mosa",
        old_watermark="00000000000000000001",
        expired=failing("x", "error_unauthorized.json", 401),
        forbidden=failing("x", "error_client_forbidden.json", 403),
        rate_limited=lambda: failing(
            "x",
            "error_too_many.json",
            429,
            **{
                "x-rate-limit-limit": "450",
                "x-rate-limit-remaining": "0",
                "x-rate-limit-reset": _in_an_hour(),
            },
        ),
    ),
    PlatformCase(
        kind="linkedin",
        config=lambda base: {
            "api_base": base,
            "oauth_base": base,
            "organizations": ["5515715"],
            "comments": False,
        },
        secrets={"access_token": "li-token"},
        listing="/rest/posts",
        page_1=ok("linkedin", "posts_page_1.json"),
        page_2=ok("linkedin", "posts_page_2.json"),
        page_token_param="start",
        page_1_token="2",
        cursor_key="posts:urn:li:organization:5515715",
        old_watermark="2000-01-01T00:00:00+00:00",
        expired=failing("linkedin", "error_expired.json", 401),
        forbidden=failing("linkedin", "error_forbidden.json", 403),
        rate_limited=lambda: Reply.json(
            {"status": 429, "message": "Resource level throttle limit reached"},
            status=429,
            **{"Retry-After": "3600"},
        ),
    ),
    PlatformCase(
        kind="youtube",
        config=lambda base: {
            "api_base": base,
            "oauth_base": base,
            "channel_ids": ["UCmosa1234567890abcdefgh"],
            "comments": True,
        },
        secrets={"api_key": "AIza-test"},
        listing="/youtube/v3/commentThreads",
        page_1=ok("youtube", "threads_page_1.json"),
        page_2=ok("youtube", "threads_page_2.json"),
        page_token_param="pageToken",
        page_1_token="QURTSl9pMlQ2",
        cursor_key="comments:UCmosa1234567890abcdefgh",
        old_watermark="2000-01-01T00:00:00Z",
        expired=failing("youtube", "error_unauthorized.json", 401),
        forbidden=failing("youtube", "error_forbidden.json", 403),
        rate_limited=lambda: failing("youtube", "error_quota.json", 403),
        setup=lambda server: server.on("/youtube/v3/playlistItems", ok("youtube", "uploads.json")),
    ),
    PlatformCase(
        kind="reddit",
        config=lambda base: {
            "api_base": base,
            "auth_base": base,
            "subreddits": ["belgium"],
            "comments": False,
            "user_agent": "test:socialgov:1.0 (by /u/mosa)",
        },
        secrets={"client_id": "reddit-id", "client_secret": "reddit-secret"},
        listing="/r/belgium/new",
        page_1=ok("reddit", "new_page_1.json"),
        page_2=ok("reddit", "new_page_2.json"),
        page_token_param="after",
        page_1_token="t3_1h0abc2",
        cursor_key="new:belgium",
        old_watermark="2000-01-01T00:00:00+00:00",
        expired=Reply.json({"message": "Unauthorized", "error": 401}, status=401),
        forbidden=failing("reddit", "error_forbidden.json", 403),
        rate_limited=lambda: Reply.json(
            {"message": "Too Many Requests", "error": 429},
            status=429,
            **{
                "x-ratelimit-used": "100",
                "x-ratelimit-remaining": "0.0",
                "x-ratelimit-reset": "3000",
            },
        ),
        setup=_reddit_token,
    ),
    PlatformCase(
        kind="slack",
        config=lambda base: {"api_base": base, "channels": ["C0MOSAGEN1"], "team_id": "T0MOSA01"},
        secrets={"bot_token": "xoxb-test"},
        one_page={"backfill_days": 0},
        listing="/conversations.history",
        page_1=ok("slack", "history_page_1.json"),
        page_2=ok("slack", "history_page_2.json"),
        page_token_param="cursor",
        page_1_token="bmV4dF90czoxNzk1NjgyODAw",
        cursor_key="history:C0MOSAGEN1",
        old_watermark="2026-11-01T00:00:00+00:00",
        expired=ok("slack", "error_invalid_auth.json"),
        forbidden=ok("slack", "error_not_in_channel.json"),
        rate_limited=lambda: failing(
            "slack", "error_ratelimited.json", 429, **{"Retry-After": "900"}
        ),
    ),
    PlatformCase(
        kind="viva_engage",
        config=lambda base: {
            "engage_base": base,
            "graph_base": base,
            "login_base": base,
            "tenant": "mosa.example",
            "group_ids": ["150000001"],
        },
        secrets={"access_token": "viva-token"},
        listing="/api/v1/messages/in_group/150000001.json",
        page_1=ok("viva_engage", "messages_page_1.json"),
        page_2=ok("viva_engage", "messages_page_2.json"),
        page_token_param="older_than",
        page_1_token="2400000000000002",
        cursor_key="group:150000001",
        old_watermark="2000-01-01T00:00:00+00:00",
        expired=Reply.json({"error": {"code": "InvalidAuthenticationToken"}}, status=401),
        forbidden=Reply.json({"error": {"code": "Authorization_RequestDenied"}}, status=403),
        rate_limited=lambda: Reply.json(
            {"error": "throttled"}, status=429, **{"Retry-After": "120"}
        ),
    ),
    PlatformCase(
        kind="chatter",
        config=lambda base: {"instance_url": base, "group_ids": ["0F95g000000ABCDCA4"]},
        secrets={"access_token": "sf-token"},
        listing="/services/data/v61.0/chatter/feeds/record/0F95g000000ABCDCA4/feed-elements",
        page_1=ok("chatter", "feed_page_1.json", **{"Sforce-Limit-Info": "api-usage=1200/15000"}),
        page_2=ok("chatter", "feed_page_2.json"),
        page_token_param="page",
        page_1_token="2026-11-27T08:00:00Z,0D55g00000ZYXW0CAA",
        cursor_key="group:0F95g000000ABCDCA4",
        old_watermark="2000-01-01T00:00:00+00:00",
        expired=failing("chatter", "error_session.json", 401),
        forbidden=Reply.json([{"errorCode": "INSUFFICIENT_ACCESS", "message": "no"}], status=403),
        rate_limited=lambda: failing("chatter", "error_limit.json", 403),
    ),
]
CASE_IDS = [case.kind for case in CASES]


def meta_connector(server, owner: User) -> Connector:
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


def slack_connector(server, owner: User, **config) -> Connector:
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


def alert_on(
    post: Post,
    owner: User,
    *,
    analyzer: str = "toxicity",
    kind: str = "toxic",
    category: str = "conduct",
) -> Alert:
    """An open alert (a toxic comment unless told otherwise) on `post` for its channel's owner,
    with the post as evidence."""
    rule = AlertRule.objects.create(name=kind.capitalize(), finding_kinds=[analyzer])
    finding = Finding.objects.create(
        post=post, analyzer=analyzer, kind=kind, score=0.9, reason="insult", fingerprint="f1"
    )
    now = timezone.now()
    alert = Alert.objects.create(
        rule=rule,
        channel=post.channel,
        owner=owner.person,
        group_key="g",
        title="Toxic comment",
        severity="high",
        category=category,
        first_seen_at=now,
        last_seen_at=now,
    )
    AlertEvidence.objects.create(alert=alert, finding=finding)
    return alert


def toxic_alert_on(post: Post, owner: User) -> Alert:
    return alert_on(post, owner)
