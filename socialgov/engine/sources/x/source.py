"""X API v2: recent search for the brand's terms, own accounts' timelines and their mentions
(https://docs.x.com/x-api). Reads are paid per post, so a monthly read budget is kept in the
cursor and the connector stops reading when it is spent."""

from __future__ import annotations

import datetime as dt
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
    MAX_BIO_CHARS,
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_language,
    clean_line,
    clean_text,
    clean_url,
    optional_time,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpResponse, rate_limit_wait
from socialgov.engine.sources.paging import Page, cursor_state, page_of, walk_newest_first
from socialgov.engine.sources.platform_client import (
    ApiSource,
    Problem,
    Trouble,
    basic_auth,
)

API = "https://api.x.com"
TWEET_FIELDS = (
    "created_at,author_id,lang,public_metrics,conversation_id,referenced_tweets,entities,"
    "edit_history_tweet_ids"
)
USER_FIELDS = "username,name,description,profile_image_url,created_at,public_metrics"
BUDGET_KEY = "_budget"
MAX_PAGES_PER_POLL = 10


def _id_key(post: IncomingPost) -> str:
    """Snowflake ids grow with time; padded so they order as text."""
    current = str(post.raw.get("id", post.external_id))
    return current.zfill(20)


def _user(data: Any, now: dt.datetime) -> IncomingAuthor | None:
    if not isinstance(data, Mapping) or not data.get("id"):
        return None
    metrics = data.get("public_metrics") if isinstance(data.get("public_metrics"), Mapping) else {}
    assert isinstance(metrics, Mapping)
    return IncomingAuthor(
        platform="x",
        external_id=clean_id(data.get("id"), what="user id"),
        handle=clean_line(data.get("username"), limit=MAX_HANDLE_CHARS),
        display_name=clean_line(data.get("name"), limit=MAX_NAME_CHARS),
        bio=clean_text(data.get("description"), limit=MAX_BIO_CHARS),
        avatar_url=clean_url(data.get("profile_image_url")),
        created_at=optional_time(data.get("created_at"), now=now),
        followers_count=clean_count(metrics.get("followers_count")),
        following_count=clean_count(metrics.get("following_count")),
        posts_count=clean_count(metrics.get("tweet_count")),
    )


def tweet_to_post(
    tweet: Any, users: Mapping[str, IncomingAuthor], *, now: dt.datetime, kind: str = ""
) -> IncomingPost:
    """A v2 Tweet object. An edited post gets a new id on X; it is stored under the id of its
    first version (edit_history_tweet_ids[0]), so the edit updates the stored post."""
    if not isinstance(tweet, Mapping):
        raise InvalidItem("post is not an object")
    current = clean_id(tweet.get("id"), what="post id")
    history = tweet.get("edit_history_tweet_ids")
    first = current
    if isinstance(history, list) and history and isinstance(history[0], str | int):
        first = clean_id(history[0], what="first version id")
    if "text" not in tweet or not isinstance(tweet.get("text"), str):
        raise InvalidItem("post without text")
    references = tweet.get("referenced_tweets")
    linked = {"replied_to": "", "quoted": "", "retweeted": ""}
    for reference in references if isinstance(references, list) else []:
        if isinstance(reference, Mapping) and reference.get("type") in linked:
            linked[str(reference["type"])] = clean_line(reference.get("id"), limit=255)
    entities = tweet.get("entities") if isinstance(tweet.get("entities"), Mapping) else {}
    assert isinstance(entities, Mapping)
    found_mentions = entities.get("mentions")
    mentions: list[Any] = found_mentions if isinstance(found_mentions, list) else []
    metrics = (
        tweet.get("public_metrics") if isinstance(tweet.get("public_metrics"), Mapping) else {}
    )
    assert isinstance(metrics, Mapping)
    author = users.get(str(tweet.get("author_id", "")))
    notes: list[str] = []
    if first != current:
        notes.append(f"edited post: version {current} of {first}")
    return IncomingPost(
        platform="x",
        external_id=first,
        text=clean_text(tweet["text"]),
        created_at=parse_time(tweet.get("created_at"), now=now, notes=notes),
        author=author,
        url=f"https://x.com/{author.handle if author and author.handle else 'i'}/status/{current}",
        language=clean_language(tweet.get("lang")),
        kind=kind,
        reply_to_id=linked["replied_to"],
        quote_of_id=linked["quoted"],
        repost_of_id=linked["retweeted"],
        mentions=tuple(
            clean_line(item.get("username"), limit=MAX_HANDLE_CHARS)
            for item in mentions[:50]
            if isinstance(item, Mapping)
        ),
        replies_count=clean_count(metrics.get("reply_count")),
        reposts_count=clean_count(metrics.get("retweet_count")),
        likes_count=clean_count(metrics.get("like_count")),
        quotes_count=clean_count(metrics.get("quote_count")),
        raw={"id": current, "first_id": first},
        notes=tuple(notes),
    )


def dm_to_post(
    event: Any, users: Mapping[str, IncomingAuthor], *, now: dt.datetime
) -> IncomingPost:
    if not isinstance(event, Mapping) or not isinstance(event.get("text"), str):
        raise InvalidItem("direct message without text")
    identity = clean_id(event.get("id"), what="message id")
    return IncomingPost(
        platform="x",
        external_id=f"dm:{identity}",
        text=clean_text(event["text"]),
        created_at=parse_time(event.get("created_at"), now=now),
        author=users.get(str(event.get("sender_id", ""))),
        kind="direct_message",
        raw={"id": identity, "conversation": clean_line(event.get("dm_conversation_id"), limit=80)},
    )


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    budget = config.get("monthly_read_budget", 10_000)
    if isinstance(budget, str) and budget.strip().isdigit():
        budget = int(budget)
    if not isinstance(budget, int) or isinstance(budget, bool) or not 0 < budget <= 10_000_000:
        raise InvalidConfiguration("monthly_read_budget must be a number of posts above 0")
    user_ids = string_list(config, "user_ids", limit=20)
    if any(not item.isdigit() for item in user_ids):
        raise InvalidConfiguration("user_ids are the numeric ids of the organisation's accounts")
    searches = string_list(config, "searches", limit=20)
    if any(len(query) > 512 for query in searches):
        raise InvalidConfiguration("a recent-search query holds at most 512 characters")
    cleaned: dict[str, Any] = {
        "api_base": require_https_base(config.get("api_base") or API, name="api_base"),
        "searches": searches,
        "user_ids": user_ids,
        "mentions": bool(config.get("mentions", True)),
        # Needs a user-context token with dm.read of the account whose messages are read.
        "direct_messages": bool(config.get("direct_messages", False)),
        "monthly_read_budget": budget,
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }
    if not searches and not user_ids and not cleaned["direct_messages"]:
        raise InvalidConfiguration("name at least one search or own account id")
    return cleaned


def month_of(now: dt.datetime) -> str:
    return now.strftime("%Y-%m")


def budget_meter(
    cursor: Mapping[str, Any], config: Mapping[str, Any], now: dt.datetime
) -> dict[str, Any]:
    """Posts read this month against the budget, for the health page."""
    stored = cursor.get(BUDGET_KEY) if isinstance(cursor.get(BUDGET_KEY), Mapping) else {}
    assert isinstance(stored, Mapping)
    read = int(stored.get("read", 0)) if stored.get("month") == month_of(now) else 0
    budget = int(config.get("monthly_read_budget", 10_000) or 1)
    return {
        "month": month_of(now),
        "read": read,
        "budget": budget,
        "percent": min(100, round(100 * read / budget)),
    }


class XSource(ApiSource):
    platform = "x"
    label = "X"
    renew_hint = (
        "Generate a new bearer token (or reconnect the OAuth 2.0 app) in the X developer "
        "portal and store it on the connector."
    )

    def can_renew(self) -> bool:
        return all(self.secrets.get(k) for k in ("refresh_token", "client_id"))

    def renew_token(self) -> str:
        headers = {}
        if self.secrets.get("client_secret"):
            # A confidential client authenticates with Basic; a public one sends only its id.
            headers["Authorization"] = basic_auth(
                self.secrets["client_id"], self.secrets["client_secret"]
            )
        data = self.refresh_grant(
            f"{self.config['api_base']}/2/oauth2/token", client_secret=False, headers=headers
        )
        self.renewed_secrets["access_token"] = str(data["access_token"])
        return str(data["access_token"])

    def token(self) -> str:
        if self._token is None and not self.secrets.get("access_token"):
            bearer = self.secrets.get("bearer_token", "")
            if bearer:
                self._token = bearer
        return super().token()

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        if response.status == 429:
            wait = rate_limit_wait(response.headers, self.http.wall_clock(), spent_only=False)
            return Problem(Trouble.RATE, "X rate limit reached (x-rate-limit-reset)", wait)
        if response.status == 403 and isinstance(data, Mapping):
            reason = str(data.get("reason") or data.get("detail") or data.get("title") or "")
            return Problem(Trouble.PERMISSION, f"X refused access: {reason[:200]}")
        if response.status == 200 and isinstance(data, Mapping) and "data" not in data:
            errors = data.get("errors")
            if isinstance(errors, list) and errors and "meta" not in data:
                first = errors[0] if isinstance(errors[0], Mapping) else {}
                detail = first.get("detail") if isinstance(first, Mapping) else ""
                return Problem(Trouble.CONFIGURATION, f"X: {str(detail)[:200]}")
        return super().classify(response, data)

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        listings: list[tuple[str, str, dict[str, Any], str]] = []
        for query in self.config["searches"]:
            listings.append((f"search:{query}", "/2/tweets/search/recent", {"query": query}, ""))
        for user_id in self.config["user_ids"]:
            listings.append((f"timeline:{user_id}", f"/2/users/{user_id}/tweets", {}, "own_post"))
            if self.config["mentions"]:
                listings.append(
                    (f"mentions:{user_id}", f"/2/users/{user_id}/mentions", {}, "mention")
                )
        for key, path, params, kind in listings:
            yield from walk_newest_first(
                key=key,
                state=state,
                fetch=partial(
                    self._page, path, params, kind, state=state, search=key.startswith("search:")
                ),
                order=_id_key,
                max_pages=MAX_PAGES_PER_POLL,
            )
        if self.config["direct_messages"]:
            yield from walk_newest_first(
                key="direct_messages",
                state=state,
                fetch=partial(self._dm_page, state=state),
                order=_id_key,
                max_pages=MAX_PAGES_PER_POLL,
            )

    def _dm_page(self, token: str, watermark: str, *, state: dict[str, Any]) -> Page:
        """Direct messages of the authorising account (user-context token with dm.read)."""
        allowed = self._spend(state, 100)
        if allowed < 1:
            raise SourceUnavailable("X monthly read budget spent; direct messages wait too")
        query = {
            "max_results": max(allowed, 1),
            "event_types": "MessageCreate",
            "dm_event.fields": "id,text,event_type,created_at,sender_id,dm_conversation_id",
            "expansions": "sender_id",
            "user.fields": USER_FIELDS,
            "pagination_token": token,
        }
        data = self.call(f"{self.config['api_base']}/2/dm_events", params=query)
        items = data.get("data", []) if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise SourceUnavailable("X answered dm_events without a data list")
        state[BUDGET_KEY]["read"] = int(state[BUDGET_KEY].get("read", 0)) + len(items)
        now = self.now()
        users = self._users(data, now)
        posts, rejected = [], []
        for item in items:
            if isinstance(item, Mapping) and item.get("event_type") not in (None, "MessageCreate"):
                continue  # joins and leaves carry no text
            try:
                posts.append(dm_to_post(item, users, now=now))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(item)[:200]))
        meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
        assert isinstance(meta, Mapping)
        following = meta.get("next_token")
        return Page(
            posts,
            next_token=following if isinstance(following, str) else "",
            rejected=rejected,
            seen=len(items),
        )

    def _users(self, data: Mapping[str, Any], now: dt.datetime) -> dict[str, IncomingAuthor]:
        includes = data.get("includes") if isinstance(data.get("includes"), Mapping) else {}
        assert isinstance(includes, Mapping)
        users: dict[str, IncomingAuthor] = {}
        listed = includes.get("users")
        for item in listed if isinstance(listed, list) else []:
            try:
                author = _user(item, now)
            except InvalidItem:
                continue
            if author is not None:
                users[author.external_id] = author
        return users

    def _spend(self, state: dict[str, Any], count: int) -> int:
        """Reserve reads from this month's budget; returns how many may be read now."""
        now = self.now()
        meter = state.get(BUDGET_KEY, {})
        if meter.get("month") != month_of(now):
            meter = {"month": month_of(now), "read": 0}
        left = int(self.config["monthly_read_budget"]) - int(meter.get("read", 0))
        state[BUDGET_KEY] = meter
        return max(0, min(count, left))

    def _page(
        self,
        path: str,
        params: dict[str, Any],
        kind: str,
        token: str,
        watermark: str,
        state: dict[str, Any],
        *,
        search: bool,
    ) -> Page:
        allowed = self._spend(state, 100)
        if allowed < (10 if search else 5):
            budget = self.config["monthly_read_budget"]
            raise SourceUnavailable(
                f"X monthly read budget spent ({budget} posts); reading resumes next month "
                "or when the budget is raised"
            )
        query = {
            **params,
            "max_results": allowed,
            "tweet.fields": TWEET_FIELDS,
            "expansions": "author_id",
            "user.fields": USER_FIELDS,
            "since_id": watermark.lstrip("0") if watermark else "",
            ("next_token" if search else "pagination_token"): token,
        }
        data = self.call(f"{self.config['api_base']}{path}", params=query)
        if not isinstance(data, Mapping):
            raise SourceUnavailable(f"X answered {path} without an object")
        items = data.get("data", [])
        if not isinstance(items, list):
            raise SourceUnavailable(f"X answered {path} without a data list")
        meter = state[BUDGET_KEY]
        meter["read"] = int(meter.get("read", 0)) + len(items)
        now = self.now()
        users = self._users(data, now)
        meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
        assert isinstance(meta, Mapping)
        return page_of(
            items,
            lambda item: [tweet_to_post(item, users, now=now, kind=kind)],
            next_token=meta.get("next_token"),
        )


register_source(
    SourceSpec(
        kind="x",
        label="X (API v2)",
        factory=XSource,
        validate_config=_validate,
        secret_names=(
            "bearer_token",
            "access_token",
            "refresh_token",
            "client_id",
            "client_secret",
        ),
    )
)
