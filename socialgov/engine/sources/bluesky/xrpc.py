from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from socialgov.engine.sources.base import (
    Batch,
    CredentialsRejected,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    Rejection,
    SourceSpec,
    SourceUnavailable,
    each_part,
    register_source,
    utc_now,
)
from socialgov.engine.sources.bluesky.records import (
    embed_links,
    record_links,
    record_text,
    web_url,
)
from socialgov.engine.sources.cleaning import (
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_language,
    clean_line,
    clean_url,
    optional_time,
    parse_time,
)
from socialgov.engine.sources.common import get_json, require_https_base, string_list
from socialgov.engine.sources.http import HttpClient, HttpError

PAGE_SIZE = 100
MAX_PAGES_PER_POLL = 20


def post_view_to_post(view: Any, *, now: dt.datetime, kind: str = "") -> IncomingPost:
    """An app.bsky.feed.defs#postView as a post."""
    if not isinstance(view, Mapping):
        raise InvalidItem("post view is not an object")
    record = view.get("record")
    if not isinstance(record, Mapping):
        raise InvalidItem("post view without a record")
    uri = clean_id(view.get("uri"), what="post uri")
    if not uri.startswith("at://"):
        raise InvalidItem("post uri is not an at:// uri")
    author_data = view.get("author") if isinstance(view.get("author"), Mapping) else {}
    assert isinstance(author_data, Mapping)
    handle = clean_line(author_data.get("handle"), limit=MAX_HANDLE_CHARS)
    author = None
    if author_data.get("did"):
        author = IncomingAuthor(
            platform="bluesky",
            external_id=clean_id(author_data.get("did"), what="author did"),
            handle=handle,
            display_name=clean_line(author_data.get("displayName"), limit=MAX_NAME_CHARS),
            avatar_url=clean_url(author_data.get("avatar")),
            created_at=optional_time(author_data.get("createdAt"), now=now),
        )
    notes: list[str] = []
    parent, quote, mentions = record_links(record)
    return IncomingPost(
        platform="bluesky",
        external_id=uri,
        text=record_text(record),
        created_at=parse_time(
            record.get("createdAt") or view.get("indexedAt"), now=now, notes=notes
        ),
        author=author,
        url=web_url(handle or (author.external_id if author else ""), uri),
        language=clean_language(record.get("langs")),
        kind=kind,
        reply_to_id=parent,
        quote_of_id=quote,
        mentions=mentions,
        replies_count=clean_count(view.get("replyCount")),
        reposts_count=clean_count(view.get("repostCount")),
        likes_count=clean_count(view.get("likeCount")),
        quotes_count=clean_count(view.get("quoteCount")),
        raw={
            "uri": uri,
            "cid": clean_line(view.get("cid"), limit=100),
            "links": embed_links(record),
        },
        notes=tuple(notes),
    )


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {
        "service": require_https_base(
            config.get("service", "https://public.api.bsky.app"), name="service"
        ),
        "searches": string_list(config, "searches"),
        "actors": string_list(config, "actors"),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }
    if not cleaned["searches"] and not cleaned["actors"]:
        raise InvalidConfiguration("name at least one search or actor")
    return cleaned


class BlueskySource:
    """Newest-first feeds walked back to the last poll's newest post (the watermark). A walk
    in progress is part of the cursor, so a restart continues it instead of skipping posts."""

    def __init__(
        self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
    ) -> None:
        self.config = config
        self.secrets = secrets
        self.http = http
        self.now: Callable[[], dt.datetime] = utc_now
        self._headers: dict[str, str] | None = None

    def headers(self) -> dict[str, str]:
        if self._headers is None:
            self._headers = {}
            if self.secrets.get("identifier") and self.secrets.get("app_password"):
                self._headers = {"Authorization": f"Bearer {self._session_token()}"}
        return self._headers

    def _session_token(self) -> str:
        url = f"{self.config['service']}/xrpc/com.atproto.server.createSession"
        payload = {
            "identifier": self.secrets["identifier"],
            "password": self.secrets["app_password"],
        }
        try:
            response = self.http.post_json(url, payload)
        except HttpError as error:
            raise SourceUnavailable(str(error)) from error
        if response.status in (400, 401, 403):
            raise CredentialsRejected("Bluesky refused the identifier or app password")
        data = response.json() if response.status == 200 else {}
        token = data.get("accessJwt") if isinstance(data, Mapping) else None
        if not isinstance(token, str):
            raise SourceUnavailable(f"no session from {url} (HTTP {response.status})")
        return token

    def _feeds(self) -> list[tuple[str, str, dict[str, Any], str, str]]:
        feeds = []
        for query in self.config["searches"]:
            params = {"q": query, "sort": "latest"}
            feeds.append((f"search:{query}", "app.bsky.feed.searchPosts", params, "posts", ""))
        for actor in self.config["actors"]:
            params = {"actor": actor, "filter": "posts_with_replies"}
            feeds.append((f"actor:{actor}", "app.bsky.feed.getAuthorFeed", params, "feed", ""))
        return feeds

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = {key: dict(value) for key, value in cursor.items() if isinstance(value, Mapping)}
        parts = [
            (key, _bind(self._walk, key, method, params, field, kind, state))
            for key, method, params, field, kind in self._feeds()
        ]
        yield from each_part(parts, lambda: {k: dict(v) for k, v in state.items()})

    def _walk(
        self,
        key: str,
        method: str,
        params: dict[str, Any],
        field: str,
        kind: str,
        state: dict[str, dict[str, Any]],
    ) -> Iterator[Batch]:
        url = f"{self.config['service']}/xrpc/{method}"
        current = state.get(key, {})
        watermark = str(current.get("watermark", ""))
        walk = current.get("walk") if isinstance(current.get("walk"), Mapping) else {}
        assert isinstance(walk, Mapping)
        page_cursor = str(walk.get("cursor", ""))
        newest = str(walk.get("newest", ""))
        for page in range(MAX_PAGES_PER_POLL):
            data, _headers = get_json(
                self.http,
                url,
                params={**params, "limit": PAGE_SIZE, "cursor": page_cursor},
                headers=self.headers(),
            )
            items = data.get(field) if isinstance(data, Mapping) else None
            if not isinstance(items, list):
                raise SourceUnavailable(f"{url} answered without a {field!r} list")
            posts, rejected = self._read(items, kind)
            times = [post.created_at.isoformat() for post in posts]
            reached_watermark = bool(watermark) and any(t <= watermark for t in times)
            fresh = [p for p in posts if not watermark or p.created_at.isoformat() > watermark]
            newest = max([newest, *times]) if times else newest
            next_cursor = data.get("cursor") if isinstance(data.get("cursor"), str) else ""
            finished = (
                reached_watermark
                or not next_cursor
                or not items
                or not watermark  # first poll: start from now, do not walk all history
                or page + 1 == MAX_PAGES_PER_POLL
            )
            if finished:
                state[key] = {"watermark": max(newest, watermark)}
            else:
                state[key] = {
                    "watermark": watermark,
                    "walk": {"cursor": next_cursor, "newest": newest},
                }
                page_cursor = str(next_cursor)
            yield Batch(fresh, cursor={k: dict(v) for k, v in state.items()}, rejected=rejected)
            if finished:
                return

    def _read(self, items: list[Any], kind: str) -> tuple[list[IncomingPost], list[Rejection]]:
        posts, rejected = [], []
        now = self.now()
        for item in items:
            view = item.get("post") if isinstance(item, Mapping) and "post" in item else item
            try:
                posts.append(post_view_to_post(view, now=now, kind=kind))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(item)[:200]))
        return posts, rejected


def _bind(walk: Callable[..., Iterator[Batch]], *args: Any) -> Callable[[], Iterator[Batch]]:
    return lambda: walk(*args)


register_source(
    SourceSpec(
        kind="bluesky",
        label="Bluesky",
        factory=BlueskySource,
        validate_config=_validate,
        secret_names=("identifier", "app_password"),
    )
)
