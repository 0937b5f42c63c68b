"""Reddit: new posts and comments of watched subreddits and a site search for the brand, with
OAuth (https://www.reddit.com/dev/api). Application-only tokens last an hour and are fetched
with the app's client id and secret whenever needed; Reddit requires a descriptive
User-Agent naming the app and its Reddit account."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any
from urllib.parse import quote

from socialgov.engine.sources.base import (
    Batch,
    IncomingAuthor,
    IncomingPost,
    InvalidConfiguration,
    SourceSpec,
    SourceUnavailable,
    register_source,
)
from socialgov.engine.sources.cleaning import (
    MAX_HANDLE_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_line,
    clean_text,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.paging import Page, cursor_state, page_of, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, basic_auth

API = "https://oauth.reddit.com"
AUTH = "https://www.reddit.com"
MAX_PAGES_PER_POLL = 10
_SUBREDDIT = re.compile(r"^(r/)?([A-Za-z0-9_]{2,21})$")


def thing_to_post(child: Any, *, now: dt.datetime, kind: str = "") -> IncomingPost:
    """A t3 (link/post) or t1 (comment) listing child."""
    if not isinstance(child, Mapping) or child.get("kind") not in ("t1", "t3"):
        kind_name = child.get("kind") if isinstance(child, Mapping) else ""
        raise InvalidItem(f"unknown item kind {str(kind_name)[:10]!r}")
    data = child.get("data")
    if not isinstance(data, Mapping):
        raise InvalidItem("item without data")
    notes: list[str] = []
    if data.get("edited") not in (False, None, 0):
        notes.append("edited on the platform")
    if child["kind"] == "t3":
        title = clean_line(data.get("title"), limit=300)
        text = f"{title}\n{clean_text(data.get('selftext') or '')}".strip()
    else:
        if not isinstance(data.get("body"), str):
            raise InvalidItem("comment without body")
        text = clean_text(data["body"])
    author_name = clean_line(data.get("author"), limit=MAX_HANDLE_CHARS)
    author = None
    if author_name and author_name != "[deleted]":
        author = IncomingAuthor(
            platform="reddit",
            external_id=clean_id(data.get("author_fullname") or author_name, what="author"),
            handle=f"u/{author_name}",
        )
    permalink = clean_line(data.get("permalink"), limit=500)
    parent = clean_line(data.get("parent_id"), limit=255)
    return IncomingPost(
        platform="reddit",
        external_id=clean_id(
            data.get("name") or f"{child['kind']}_{data.get('id')}", what="fullname"
        ),
        text=text,
        created_at=parse_time(data.get("created_utc"), now=now, notes=notes),
        author=author,
        url=f"https://www.reddit.com{permalink}" if permalink.startswith("/") else "",
        kind=kind,
        channel_handle=f"r/{clean_line(data.get('subreddit'), limit=40)}"
        if data.get("subreddit")
        else "",
        reply_to_id=parent,
        replies_count=clean_count(data.get("num_comments")),
        likes_count=clean_count(data.get("score")),
        raw={"name": data.get("name"), "edited": data.get("edited") or False},
        notes=tuple(notes),
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    subreddits = []
    for value in string_list(config, "subreddits", limit=30):
        match = _SUBREDDIT.match(value)
        if not match:
            raise InvalidConfiguration(f"{value[:30]!r} is not a subreddit name")
        subreddits.append(match.group(2))
    searches = string_list(config, "searches", limit=20)
    if not subreddits and not searches:
        raise InvalidConfiguration("name at least one subreddit or search")
    agent = clean_line(config.get("user_agent"), limit=200)
    if not agent:
        raise InvalidConfiguration(
            "Reddit requires a user_agent like 'web:socialgov-mosa:1.0 (by /u/account)'"
        )
    return {
        "api_base": require_https_base(config.get("api_base") or API, name="api_base"),
        "auth_base": require_https_base(config.get("auth_base") or AUTH, name="auth_base"),
        "subreddits": subreddits,
        "searches": searches,
        "comments": bool(config.get("comments", True)),
        "user_agent": agent,
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class RedditSource(ApiSource):
    platform = "reddit"
    label = "Reddit"
    renew_hint = (
        "Check the Reddit app's client id and secret (reddit.com/prefs/apps) and store them again."
    )

    def can_renew(self) -> bool:
        return bool(self.secrets.get("client_id") and self.secrets.get("client_secret"))

    def renew_token(self) -> str:
        form = {"grant_type": "client_credentials"}
        if self.secrets.get("username") and self.secrets.get("password"):
            form = {
                "grant_type": "password",
                "username": self.secrets["username"],
                "password": self.secrets["password"],
            }
        data = self.token_request(
            f"{self.config['auth_base']}/api/v1/access_token",
            form,
            headers={
                "Authorization": basic_auth(
                    self.secrets["client_id"], self.secrets["client_secret"]
                ),
                "User-Agent": self.config["user_agent"],
            },
        )
        return str(data["access_token"])

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}", "User-Agent": self.config["user_agent"]}

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        listings: list[tuple[str, str, dict[str, Any], str]] = []
        for name in self.config["subreddits"]:
            listings.append((f"new:{name}", f"/r/{quote(name)}/new", {}, ""))
            if self.config["comments"]:
                listings.append((f"comments:{name}", f"/r/{quote(name)}/comments", {}, ""))
        for query in self.config["searches"]:
            listings.append(
                (
                    f"search:{query}",
                    "/search",
                    {"q": query, "sort": "new", "type": "link"},
                    "mention",
                )
            )
        for key, path, params, kind in listings:
            yield from walk_newest_first(
                key=key,
                state=state,
                max_pages=MAX_PAGES_PER_POLL,
                fetch=partial(self._page, path, params, kind),
            )

    def _page(
        self, path: str, params: dict[str, Any], kind: str, token: str, watermark: str
    ) -> Page:
        query = {**params, "limit": 100, "after": token, "raw_json": 1}
        data = self.call(f"{self.config['api_base']}{path}", params=query)
        listing = (
            data.get("data")
            if isinstance(data, Mapping) and data.get("kind") == "Listing"
            else None
        )
        children = listing.get("children") if isinstance(listing, Mapping) else None
        if not isinstance(listing, Mapping) or not isinstance(children, list):
            raise SourceUnavailable(f"Reddit answered {path} without a listing")
        now = self.now()
        return page_of(
            children,
            lambda child: [thing_to_post(child, now=now, kind=kind)],
            next_token=listing.get("after"),
        )


register_source(
    SourceSpec(
        kind="reddit",
        label="Reddit",
        factory=RedditSource,
        validate_config=validate,
        secret_names=("client_id", "client_secret", "username", "password"),
    )
)
