from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from socialgov.engine.sources.base import (
    Batch,
    ConnectorError,
    InvalidConfiguration,
    SourceSpec,
    SourceUnavailable,
    each_part,
    register_source,
    utc_now,
)
from socialgov.engine.sources.cleaning import MAX_HANDLE_CHARS, clean_line
from socialgov.engine.sources.common import require_http_url, string_list
from socialgov.engine.sources.http import HttpClient, HttpError, RateLimited, UnsafeUrl
from socialgov.engine.sources.rss.feed import FeedError, parse_feed

MAX_FEED_BYTES = 2 * 1024 * 1024


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    urls = string_list(config, "urls", limit=200)
    if not urls:
        raise InvalidConfiguration("name at least one feed URL")
    return {
        "urls": [require_http_url(url, name="feed URL") for url in urls],
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class FeedSource:
    """One batch per feed; conditional GETs (ETag / Last-Modified) keep polls cheap. Each feed
    has its own cursor entry, and a feed that fails is recorded while the others are read."""

    def __init__(
        self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
    ) -> None:
        self.config = config
        self.http = http
        self.now: Callable[[], dt.datetime] = utc_now

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = {key: dict(value) for key, value in cursor.items() if isinstance(value, Mapping)}
        original_limit = self.http.max_bytes
        self.http.max_bytes = min(original_limit, MAX_FEED_BYTES)
        parts = [(url, self._part(url, state)) for url in self.config["urls"]]
        try:
            yield from each_part(parts, lambda: {k: dict(v) for k, v in state.items()})
        finally:
            self.http.max_bytes = original_limit

    def _part(self, url: str, state: dict[str, dict[str, Any]]) -> Callable[[], Iterator[Batch]]:
        return lambda: iter([self._one(url, state)])

    def _one(self, url: str, state: dict[str, dict[str, Any]]) -> Batch:
        seen = state.get(url, {})
        headers = {"Accept": "application/atom+xml, application/rss+xml, application/xml"}
        if seen.get("etag"):
            headers["If-None-Match"] = str(seen["etag"])
        if seen.get("last_modified"):
            headers["If-Modified-Since"] = str(seen["last_modified"])
        try:
            response = self.http.get(url, headers=headers)
        except UnsafeUrl as error:
            raise InvalidConfiguration(f"{url}: {error}") from error
        except (RateLimited, HttpError) as error:
            raise SourceUnavailable(str(error)) from error
        if response.status == 304:
            return Batch([], cursor={k: dict(v) for k, v in state.items()})
        if response.status >= 400:
            raise ConnectorError(f"HTTP {response.status} from {url}")
        try:
            posts, rejected = parse_feed(
                response.body,
                feed_url=url,
                now=self.now(),
                content_type=response.header("content-type")[:200],
            )
        except FeedError as error:
            raise SourceUnavailable(f"{url}: {error}") from error
        state[url] = {
            "etag": response.header("etag")[:200],
            "last_modified": response.header("last-modified")[:100],
        }
        return Batch(posts, cursor={k: dict(v) for k, v in state.items()}, rejected=rejected)


register_source(
    SourceSpec(kind="rss", label="RSS / Atom", factory=FeedSource, validate_config=_validate)
)
