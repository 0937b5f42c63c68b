"""The Jetstream firehose: JSON commit events over a WebSocket, resumed from the `time_us` of
the last stored event. Accounts are filtered by the server (wantedDids), keywords here."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from websockets.exceptions import WebSocketException
from websockets.sync.client import connect

from socialgov.engine.sources.addresses import BlockedAddress
from socialgov.engine.sources.base import (
    Batch,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    Rejection,
    SourceSpec,
    SourceUnavailable,
    register_source,
    utc_now,
)
from socialgov.engine.sources.bluesky.profiles import Directory, identity_author
from socialgov.engine.sources.bluesky.records import (
    embed_links,
    record_links,
    record_text,
    web_url,
)
from socialgov.engine.sources.cleaning import (
    MAX_HANDLE_CHARS,
    InvalidItem,
    clean_id,
    clean_language,
    clean_line,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpClient

POST_COLLECTION = "app.bsky.feed.post"
MAX_MESSAGE_BYTES = 256 * 1024
# Jetstream replays from a cursor; going back a little covers events still in flight when the
# previous run stopped (duplicates are harmless: posts are stored once).
CURSOR_REWIND_US = 2_000_000
DEFAULT_APPVIEW = "https://public.api.bsky.app"
MAX_LEARNED_PER_BATCH = 5_000


def event_to_post(event: Any, *, now: dt.datetime) -> IncomingPost | None:
    """A Jetstream commit event as a post: created, updated (an edit) or deleted (a tombstone
    that carries only the key); None for events about anything else."""
    if not isinstance(event, Mapping) or event.get("kind") != "commit":
        return None
    commit = event.get("commit")
    if not isinstance(commit, Mapping) or commit.get("collection") != POST_COLLECTION:
        return None
    operation = commit.get("operation")
    if operation not in ("create", "update", "delete"):
        return None
    did = clean_id(event.get("did"), what="did")
    key = clean_id(commit.get("rkey"), what="rkey")
    uri = f"at://{did}/{POST_COLLECTION}/{key}"
    if operation == "delete":
        author = IncomingAuthor(platform="bluesky", external_id=did)
        return IncomingPost("bluesky", uri, "", now, author=author, deleted=True)
    record = commit.get("record")
    if not isinstance(record, Mapping):
        raise InvalidItem("commit without a record")
    notes: list[str] = []
    parent, quote, mentions = record_links(record)
    return IncomingPost(
        platform="bluesky",
        external_id=uri,
        text=record_text(record),
        created_at=parse_time(record.get("createdAt"), now=now, notes=notes),
        author=IncomingAuthor(platform="bluesky", external_id=did),
        url=web_url(did, uri),
        language=clean_language(record.get("langs")),
        reply_to_id=parent,
        quote_of_id=quote,
        mentions=mentions,
        raw={
            "uri": uri,
            "cid": clean_line(commit.get("cid"), limit=100),
            "links": embed_links(record),
        },
        notes=tuple(notes),
        edited_at=now if operation == "update" else None,
    )


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    endpoint = str(config.get("endpoint", "wss://jetstream2.us-east.bsky.network")).rstrip("/")
    parts = urlsplit(endpoint)
    if parts.scheme not in ("ws", "wss") or not parts.hostname:
        raise InvalidConfiguration("endpoint must be a ws:// or wss:// URL")
    cleaned: dict[str, Any] = {
        "endpoint": endpoint,
        "dids": string_list(config, "dids", limit=10_000),
        "keywords": [word.lower() for word in string_list(config, "keywords", limit=200)],
        "batch_size": max(1, min(int(config.get("batch_size", 200)), 5_000)),
        "max_seconds": max(0.1, min(float(config.get("max_seconds", 20)), 300.0)),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
        # Where the handles and profiles of the accounts seen are read ("" reads none).
        "appview": require_https_base(config.get("appview", DEFAULT_APPVIEW), name="appview")
        if config.get("appview", DEFAULT_APPVIEW)
        else "",
    }
    if not cleaned["dids"] and not cleaned["keywords"]:
        raise InvalidConfiguration("name at least one account (did) or keyword")
    return cleaned


class JetstreamSource:
    def __init__(
        self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
    ) -> None:
        self.config = config
        self.http = http
        self.guard = http.guard
        self.timeout = http.timeout
        self.now: Callable[[], dt.datetime] = utc_now
        self._directory: Directory | None = None
        self._learned: list[IncomingAuthor] = []

    @property
    def directory(self) -> Directory:
        if self._directory is None:
            self._directory = Directory(self.http, self.config["appview"], self.now())
        return self._directory

    def _batch(
        self, posts: list[IncomingPost], time_us: int | None, rejected: list[Rejection]
    ) -> Batch:
        """A batch with the authors' handles filled in, and the handles learned meanwhile."""
        learned, self._learned = self._learned, []
        posts = self.directory.named(posts, look_up=bool(self.config["appview"]))
        return Batch(posts, {"time_us": time_us}, rejected, authors=learned)

    def wanted(self, post: IncomingPost) -> bool:
        if post.deleted:
            return True  # the text is gone; the store ignores deletes of posts it never kept
        if post.author and post.author.external_id in self.config["dids"]:
            return True
        if set(post.mentions) & set(self.config["dids"]):
            return True
        text = post.text.lower()
        return any(word in text for word in self.config["keywords"])

    def _url(self, time_us: int | None) -> str:
        params: list[tuple[str, str]] = [("wantedCollections", POST_COLLECTION)]
        # Server-side account filtering only when we do not also look for keywords from anyone.
        if not self.config["keywords"]:
            params += [("wantedDids", did) for did in self.config["dids"]]
        if time_us:
            params.append(("cursor", str(max(0, time_us - CURSOR_REWIND_US))))
        return f"{self.config['endpoint']}/subscribe?{urlencode(params)}"

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        stored = cursor.get("time_us")
        time_us = int(stored) if isinstance(stored, int | str) and str(stored).isdigit() else None
        url = self._url(time_us)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "wss" else 80)
        try:
            sock = self.guard.connect(parts.hostname or "", port, self.timeout)
        except BlockedAddress as error:
            raise InvalidConfiguration(str(error)) from error
        except OSError as error:
            raise SourceUnavailable(f"cannot reach {parts.hostname}: {error}") from error
        deadline = time.monotonic() + self.config["max_seconds"]
        posts: list[IncomingPost] = []
        rejected: list[Rejection] = []
        last_time = time_us
        try:
            with connect(
                url,
                sock=sock,
                server_hostname=parts.hostname if parts.scheme == "wss" else None,
                max_size=MAX_MESSAGE_BYTES,
                open_timeout=self.timeout,
                compression=None,
            ) as socket:
                while (remaining := deadline - time.monotonic()) > 0:
                    try:
                        message = socket.recv(timeout=remaining)
                    except TimeoutError:
                        break
                    event_time = self._take(message, posts, rejected)
                    if event_time:
                        last_time = max(last_time or 0, event_time)
                    if len(posts) >= self.config["batch_size"]:
                        yield self._batch(posts, last_time, rejected)
                        posts, rejected = [], []
        except (WebSocketException, OSError) as error:
            if posts or rejected:
                yield self._batch(posts, last_time, rejected)
            raise SourceUnavailable(f"Jetstream connection lost: {error}") from error
        if posts or rejected or last_time != time_us:
            yield self._batch(posts, last_time, rejected)

    def _take(
        self, message: str | bytes, posts: list[IncomingPost], rejected: list[Rejection]
    ) -> int | None:
        try:
            event = json.loads(message)
        except (ValueError, UnicodeDecodeError, RecursionError):
            rejected.append(Rejection("malformed JSON event", repr(message)[:200]))
            return None
        if not isinstance(event, Mapping):
            rejected.append(Rejection("event is not an object", repr(message)[:200]))
            return None
        stamp = event.get("time_us")
        event_time = stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else None
        if (author := identity_author(event)) is not None:
            self.directory.learn(author)
            if len(self._learned) < MAX_LEARNED_PER_BATCH:
                self._learned.append(author)
            return event_time
        try:
            post = event_to_post(event, now=self.now())
        except InvalidItem as error:
            rejected.append(Rejection(str(error), repr(message)[:200]))
            return event_time
        if post is not None and self.wanted(post):
            posts.append(post)
        return event_time


register_source(
    SourceSpec(
        kind="bluesky_jetstream",
        label="Bluesky Jetstream",
        factory=JetstreamSource,
        validate_config=_validate,
    )
)
