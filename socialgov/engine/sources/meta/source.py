"""Meta Graph API: Facebook Page posts with their comments and the Page's ratings; Instagram
business account media with their comments, and media the account is tagged in
(https://developers.facebook.com/docs/graph-api). Webhooks for new comments are in
`webhooks.py`; hiding and deleting comments in `moderation.py`."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from socialgov.engine.sources.base import (
    Batch,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    Rejection,
    SourceSpec,
    SourceUnavailable,
    register_source,
)
from socialgov.engine.sources.cleaning import (
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_line,
    clean_text,
    clean_url,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpResponse
from socialgov.engine.sources.paging import Page, cursor_state, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, Problem, Trouble

GRAPH = "https://graph.facebook.com"
DEFAULT_VERSION = "v21.0"
PAGE_SIZE = 50
MAX_PAGES_PER_POLL = 10
# Error codes of the Graph API (https://developers.facebook.com/docs/graph-api/guides/error-handling).
EXPIRED_CODES = frozenset({190, 102, 463, 467})
PERMISSION_CODES = frozenset({10, 200, 210, 230, 3})
THROTTLE_CODES = frozenset({4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008})
USAGE_STOP_PERCENT = 95
FACEBOOK_FIELDS = (
    "id,message,story,created_time,updated_time,permalink_url,from{id,name},"
    "shares,reactions.summary(total_count).limit(0),"
    "comments.filter(stream).order(reverse_chronological).limit(50)"
    "{id,message,created_time,from{id,name},parent{id},permalink_url,like_count}"
)
INSTAGRAM_FIELDS = (
    "id,caption,timestamp,permalink,username,like_count,comments_count,"
    "comments.limit(50){id,text,timestamp,username,from{id,username},like_count,parent_id}"
)
TAGGED_FIELDS = "id,caption,timestamp,permalink,username,like_count,comments_count"
CONVERSATION_FIELDS = "id,updated_time,messages.limit(25){id,message,from,created_time}"


def appsecret_proof(app_secret: str, token: str) -> str:
    return hmac.new(app_secret.encode(), token.encode(), hashlib.sha256).hexdigest()


def _fb_author(data: Any) -> IncomingAuthor | None:
    if not isinstance(data, Mapping) or not data.get("id"):
        return None
    return IncomingAuthor(
        platform="facebook",
        external_id=clean_id(data.get("id"), what="author id"),
        display_name=clean_line(data.get("name"), limit=MAX_NAME_CHARS),
    )


def _ig_author(username: Any, data: Any = None) -> IncomingAuthor | None:
    handle = clean_line(username, limit=MAX_HANDLE_CHARS)
    external = data.get("id") if isinstance(data, Mapping) else None
    if isinstance(data, Mapping) and not handle:
        handle = clean_line(data.get("username"), limit=MAX_HANDLE_CHARS)
    if not handle and not external:
        return None
    return IncomingAuthor(
        platform="instagram",
        external_id=clean_id(external or handle, what="author id"),
        handle=handle,
    )


def facebook_item(item: Any, *, now: dt.datetime, kind: str, reply_to: str = "") -> IncomingPost:
    if not isinstance(item, Mapping):
        raise InvalidItem("item is not an object")
    notes: list[str] = []
    parent = item.get("parent") if isinstance(item.get("parent"), Mapping) else {}
    assert isinstance(parent, Mapping)
    reactions = item.get("reactions") if isinstance(item.get("reactions"), Mapping) else {}
    assert isinstance(reactions, Mapping)
    summary = reactions.get("summary") if isinstance(reactions.get("summary"), Mapping) else {}
    assert isinstance(summary, Mapping)
    shares = item.get("shares") if isinstance(item.get("shares"), Mapping) else {}
    assert isinstance(shares, Mapping)
    created = parse_time(item.get("created_time"), now=now, notes=notes)
    updated = item.get("updated_time")
    if isinstance(updated, str) and updated and updated != item.get("created_time"):
        notes.append("edited on the platform")
    return IncomingPost(
        platform="facebook",
        external_id=clean_id(item.get("id"), what="post id"),
        text=clean_text(item.get("message") or item.get("story") or ""),
        created_at=created,
        author=_fb_author(item.get("from")),
        url=clean_url(item.get("permalink_url")),
        kind=kind,
        reply_to_id=clean_line(parent.get("id") or reply_to, limit=255),
        likes_count=clean_count(item.get("like_count") or summary.get("total_count")),
        reposts_count=clean_count(shares.get("count")),
        raw={"id": item.get("id"), "object": "facebook_" + kind},
        notes=tuple(notes),
    )


def facebook_rating(item: Any, *, page_id: str, now: dt.datetime) -> IncomingPost:
    """A Page rating (recommendation) has no id of its own: the reviewer and time make one."""
    if not isinstance(item, Mapping):
        raise InvalidItem("rating is not an object")
    reviewer = _fb_author(item.get("reviewer"))
    created = parse_time(item.get("created_time"), now=now)
    story = (
        item.get("open_graph_story") if isinstance(item.get("open_graph_story"), Mapping) else {}
    )
    assert isinstance(story, Mapping)
    identity = (
        story.get("id")
        or f"{reviewer.external_id if reviewer else 'anonymous'}:{created.isoformat()}"
    )
    recommendation = clean_line(item.get("recommendation_type"), limit=20)
    text = clean_text(item.get("review_text") or "")
    if recommendation:
        text = f"[{recommendation}] {text}".strip()
    return IncomingPost(
        platform="facebook",
        external_id=clean_id(f"rating:{page_id}:{identity}", what="rating id"),
        text=text,
        created_at=created,
        author=reviewer,
        kind="mention",
        raw={"object": "facebook_rating", "recommendation": recommendation},
    )


def direct_message(item: Any, *, channel: str, now: dt.datetime) -> IncomingPost:
    """A message of a Messenger or Instagram conversation with the Page."""
    if not isinstance(item, Mapping) or not isinstance(item.get("message"), str):
        raise InvalidItem("message without text")
    sender = item.get("from") if isinstance(item.get("from"), Mapping) else {}
    assert isinstance(sender, Mapping)
    platform = "instagram" if channel == "instagram" else "facebook"
    author = None
    if sender.get("id"):
        author = IncomingAuthor(
            platform=platform,
            external_id=clean_id(sender.get("id"), what="sender id"),
            handle=clean_line(sender.get("username"), limit=MAX_HANDLE_CHARS),
            display_name=clean_line(sender.get("name"), limit=MAX_NAME_CHARS),
        )
    return IncomingPost(
        platform=platform,
        external_id=clean_id(item.get("id"), what="message id"),
        text=clean_text(item["message"]),
        created_at=parse_time(item.get("created_time"), now=now),
        author=author,
        kind="direct_message",
        raw={"object": f"{channel}_message"},
    )


def instagram_item(item: Any, *, now: dt.datetime, kind: str, reply_to: str = "") -> IncomingPost:
    if not isinstance(item, Mapping):
        raise InvalidItem("item is not an object")
    notes: list[str] = []
    text = item.get("caption") if "caption" in item or kind != "comment" else item.get("text")
    return IncomingPost(
        platform="instagram",
        external_id=clean_id(item.get("id"), what="media id"),
        text=clean_text(text or ""),
        created_at=parse_time(item.get("timestamp"), now=now, notes=notes),
        author=_ig_author(item.get("username"), item.get("from")),
        url=clean_url(item.get("permalink")),
        kind=kind,
        reply_to_id=clean_line(item.get("parent_id") or reply_to, limit=255),
        likes_count=clean_count(item.get("like_count")),
        replies_count=clean_count(item.get("comments_count")),
        raw={"id": item.get("id"), "object": "instagram_" + kind},
        notes=tuple(notes),
    )


def _ids(config: Mapping[str, Any], key: str) -> list[str]:
    values = string_list(config, key, limit=50)
    if any(not value.isdigit() for value in values):
        raise InvalidConfiguration(f"{key} are numeric Graph API ids")
    return values


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    version = clean_line(config.get("api_version") or DEFAULT_VERSION, limit=10)
    if not (version.startswith("v") and version[1:].replace(".", "").isdigit()):
        raise InvalidConfiguration("api_version looks like v21.0")
    cleaned: dict[str, Any] = {
        "api_base": require_https_base(config.get("api_base") or GRAPH, name="api_base"),
        "api_version": version,
        "pages": _ids(config, "pages"),
        "instagram_accounts": _ids(config, "instagram_accounts"),
        "ratings": bool(config.get("ratings", True)),
        "tags": bool(config.get("tags", True)),
        # Messenger and Instagram conversations with the Page (needs pages_messaging).
        "direct_messages": bool(config.get("direct_messages", False)),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }
    if not cleaned["pages"] and not cleaned["instagram_accounts"]:
        raise InvalidConfiguration("name at least one Facebook Page or Instagram account id")
    return cleaned


class MetaSource(ApiSource):
    platform = "facebook"
    label = "Meta Graph API"
    renew_hint = (
        "Generate a new long-lived Page access token (Meta Business Suite > system user, or "
        "Graph API Explorer with the listed permissions) and store it on the connector."
    )

    def __init__(self, config: Mapping[str, Any], secrets: Mapping[str, str], http: Any) -> None:
        super().__init__(config, secrets, http)
        self.usage: dict[str, int] = {}

    @property
    def graph(self) -> str:
        return f"{self.config['api_base']}/{self.config['api_version']}"

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def proof(self) -> dict[str, str]:
        secret = self.secrets.get("app_secret", "")
        return {"appsecret_proof": appsecret_proof(secret, self.token())} if secret else {}

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        error = data.get("error") if isinstance(data, Mapping) else None
        if isinstance(error, Mapping):
            code = error.get("code")
            message = f"Meta error {code}: {str(error.get('message', ''))[:200]}"
            if code in EXPIRED_CODES:
                return Problem(Trouble.EXPIRED, message)
            if code in PERMISSION_CODES or (isinstance(code, int) and 200 <= code < 300):
                return Problem(Trouble.PERMISSION, message)
            if code in THROTTLE_CODES:
                return Problem(Trouble.RATE, message, self._regain_seconds(response))
            if code == 100:
                return Problem(Trouble.CONFIGURATION, message)
        return super().classify(response, data)

    def _regain_seconds(self, response: HttpResponse) -> float | None:
        try:
            usage = json.loads(response.header("x-business-use-case-usage") or "{}")
        except ValueError:
            return None
        waits = [
            entry.get("estimated_time_to_regain_access", 0)
            for entries in (usage.values() if isinstance(usage, dict) else [])
            if isinstance(entries, list)
            for entry in entries
            if isinstance(entry, dict)
        ]
        numbers = [w for w in waits if isinstance(w, int | float)]
        return 60.0 * max(numbers) if numbers else None

    def observe(self, response: HttpResponse, data: Any) -> None:
        """X-App-Usage holds percentages of the app's hourly budget; past the stop mark the
        poll ends before Meta starts refusing calls."""
        try:
            usage = json.loads(response.header("x-app-usage") or "{}")
        except ValueError:
            return
        if isinstance(usage, dict):
            self.usage = {
                k: int(v) for k, v in usage.items() if isinstance(v, int | float) and v >= 0
            }

    def _check_usage(self) -> None:
        if self.usage and max(self.usage.values()) >= USAGE_STOP_PERCENT:
            raise SourceUnavailable(
                f"Meta app usage at {max(self.usage.values())}% of its hourly budget; "
                "polling pauses until it drops"
            )

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        for page_id in self.config["pages"]:
            yield from self._listing(
                state,
                f"page:{page_id}",
                f"/{page_id}/feed",
                FACEBOOK_FIELDS,
                lambda item, now, pid=page_id: self._facebook_post(item, now),
            )
            if self.config["ratings"]:
                yield from self._listing(
                    state,
                    f"ratings:{page_id}",
                    f"/{page_id}/ratings",
                    "created_time,recommendation_type,review_text,reviewer{id,name},open_graph_story{id}",
                    lambda item, now, pid=page_id: [facebook_rating(item, page_id=pid, now=now)],
                )
            if self.config["direct_messages"]:
                for channel in ("messenger", "instagram"):
                    yield from self._listing(
                        state,
                        f"{channel}:{page_id}",
                        f"/{page_id}/conversations",
                        CONVERSATION_FIELDS,
                        partial(self._conversation, channel),
                        extra={"platform": channel},
                    )
        for account in self.config["instagram_accounts"]:
            yield from self._listing(
                state,
                f"media:{account}",
                f"/{account}/media",
                INSTAGRAM_FIELDS,
                lambda item, now: self._instagram_media(item, now, "own_post"),
            )
            if self.config["tags"]:
                yield from self._listing(
                    state,
                    f"tags:{account}",
                    f"/{account}/tags",
                    TAGGED_FIELDS,
                    lambda item, now: self._instagram_media(item, now, "mention"),
                )

    def _conversation(self, channel: str, item: Any, now: dt.datetime) -> list[IncomingPost]:
        """The newest messages of a conversation, as direct messages."""
        if not isinstance(item, Mapping):
            raise InvalidItem("conversation is not an object")
        messages = item.get("messages") if isinstance(item.get("messages"), Mapping) else {}
        assert isinstance(messages, Mapping)
        found = []
        for message in messages.get("data", []) if isinstance(messages.get("data"), list) else []:
            try:
                found.append(direct_message(message, channel=channel, now=now))
            except InvalidItem:
                continue
        return found

    def _facebook_post(self, item: Any, now: dt.datetime) -> list[IncomingPost]:
        post = facebook_item(item, now=now, kind="own_post")
        return [post, *self._comments(item, now, post.external_id, facebook_item)]

    def _instagram_media(self, item: Any, now: dt.datetime, kind: str) -> list[IncomingPost]:
        post = instagram_item(item, now=now, kind=kind)
        return [post, *self._comments(item, now, post.external_id, instagram_item)]

    def _comments(
        self, item: Any, now: dt.datetime, parent: str, mapper: Any
    ) -> list[IncomingPost]:
        comments = item.get("comments") if isinstance(item, Mapping) else None
        data = comments.get("data") if isinstance(comments, Mapping) else None
        found = []
        for comment in data if isinstance(data, list) else []:
            try:
                found.append(mapper(comment, now=now, kind="comment", reply_to=parent))
            except InvalidItem:
                continue  # one broken comment must not lose its post
        return found

    def _listing(
        self,
        state: dict[str, Any],
        key: str,
        path: str,
        fields: str,
        mapper: Any,
        *,
        extra: Mapping[str, str] | None = None,
    ) -> Iterator[Batch]:
        def fetch(token: str, watermark: str) -> Page:
            self._check_usage()
            params = {"fields": fields, "limit": PAGE_SIZE, "after": token, **(extra or {})}
            params.update(self.proof())
            data = self.call(f"{self.graph}{path}", params=params)
            items = data.get("data") if isinstance(data, Mapping) else None
            if not isinstance(items, list):
                raise SourceUnavailable(f"Meta answered {path} without a data list")
            now = self.now()
            posts: list[IncomingPost] = []
            rejected: list[Rejection] = []
            for item in items:
                try:
                    posts.extend(mapper(item, now))
                except InvalidItem as error:
                    rejected.append(Rejection(str(error), repr(item)[:200]))
            paging = data.get("paging") if isinstance(data.get("paging"), Mapping) else {}
            assert isinstance(paging, Mapping)
            cursors = paging.get("cursors") if isinstance(paging.get("cursors"), Mapping) else {}
            assert isinstance(cursors, Mapping)
            after = cursors.get("after") if paging.get("next") else ""
            return Page(
                posts,
                next_token=after if isinstance(after, str) else "",
                rejected=rejected,
                seen=len(items),
            )

        yield from walk_newest_first(
            key=key, state=state, fetch=fetch, max_pages=MAX_PAGES_PER_POLL
        )


register_source(
    SourceSpec(
        kind="meta",
        label="Meta (Facebook Pages, Instagram)",
        factory=MetaSource,
        validate_config=validate,
        secret_names=("access_token", "app_secret", "verify_token"),
    )
)
