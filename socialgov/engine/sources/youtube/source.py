"""YouTube Data API v3: the own channel's uploads, comment threads on the channel's videos,
and search for videos that mention the brand (https://developers.google.com/youtube/v3).

Calls cost quota units out of a daily budget (10,000 by default, reset at midnight Pacific
time); the units used today are kept in the cursor for the health page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

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
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_language,
    clean_line,
    clean_text,
    clean_url,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpResponse
from socialgov.engine.sources.paging import Page, cursor_state, page_of, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, Problem, Trouble

API = "https://www.googleapis.com"
OAUTH = "https://oauth2.googleapis.com"
QUOTA_KEY = "_quota"
QUOTA_COST = {"playlistItems": 1, "commentThreads": 1, "search": 100}
MAX_PAGES_PER_POLL = 5
PACIFIC = ZoneInfo("America/Los_Angeles")


def quota_day(now: dt.datetime) -> str:
    return now.astimezone(PACIFIC).date().isoformat()


def quota_meter(
    cursor: Mapping[str, Any], config: Mapping[str, Any], now: dt.datetime
) -> dict[str, Any]:
    stored = cursor.get(QUOTA_KEY) if isinstance(cursor.get(QUOTA_KEY), Mapping) else {}
    assert isinstance(stored, Mapping)
    used = int(stored.get("used", 0)) if stored.get("day") == quota_day(now) else 0
    budget = int(config.get("daily_quota", 10_000) or 1)
    return {
        "day": quota_day(now),
        "used": used,
        "budget": budget,
        "percent": min(100, round(100 * used / budget)),
    }


def _modified_key(post: IncomingPost) -> str:
    return str(post.raw.get("modified", ""))


def _author(snippet: Mapping[str, Any]) -> IncomingAuthor | None:
    channel = snippet.get("authorChannelId")
    external = channel.get("value") if isinstance(channel, Mapping) else None
    name = clean_line(snippet.get("authorDisplayName"), limit=MAX_NAME_CHARS)
    if not external and not name:
        return None
    return IncomingAuthor(
        platform="youtube",
        external_id=clean_id(external or name, what="author channel"),
        handle=name if name.startswith("@") else "",
        display_name=name,
        avatar_url=clean_url(snippet.get("authorProfileImageUrl")),
    )


def comment_to_post(comment: Any, *, now: dt.datetime, video_id: str = "") -> IncomingPost:
    if not isinstance(comment, Mapping) or not isinstance(comment.get("snippet"), Mapping):
        raise InvalidItem("comment without a snippet")
    snippet = comment["snippet"]
    notes: list[str] = []
    created = parse_time(snippet.get("publishedAt"), now=now, notes=notes)
    if snippet.get("updatedAt") and snippet.get("updatedAt") != snippet.get("publishedAt"):
        notes.append("edited on the platform")
    video = clean_line(snippet.get("videoId") or video_id, limit=64)
    comment_id = clean_id(comment.get("id"), what="comment id")
    text = (
        snippet.get("textOriginal")
        if isinstance(snippet.get("textOriginal"), str)
        else snippet.get("textDisplay")
    )
    if not isinstance(text, str):
        raise InvalidItem("comment without text")
    return IncomingPost(
        platform="youtube",
        external_id=comment_id,
        text=clean_text(text),
        created_at=created,
        author=_author(snippet),
        url=f"https://www.youtube.com/watch?v={video}&lc={comment_id}" if video else "",
        kind="comment",
        reply_to_id=clean_line(snippet.get("parentId") or video, limit=255),
        likes_count=clean_count(snippet.get("likeCount")),
        raw={"modified": clean_line(snippet.get("updatedAt"), limit=40) or created.isoformat()},
        notes=tuple(notes),
    )


def video_to_post(item: Any, *, now: dt.datetime, kind: str) -> IncomingPost:
    if not isinstance(item, Mapping) or not isinstance(item.get("snippet"), Mapping):
        raise InvalidItem("video without a snippet")
    snippet = item["snippet"]
    identity = item.get("id")
    if isinstance(identity, Mapping):  # search results: {"kind": "youtube#video", "videoId": ...}
        identity = identity.get("videoId")
    details = item.get("contentDetails") if isinstance(item.get("contentDetails"), Mapping) else {}
    assert isinstance(details, Mapping)
    resource = snippet.get("resourceId") if isinstance(snippet.get("resourceId"), Mapping) else {}
    assert isinstance(resource, Mapping)
    video = clean_id(details.get("videoId") or resource.get("videoId") or identity, what="video id")
    title = clean_line(snippet.get("title"), limit=500)
    description = clean_text(snippet.get("description") or "")
    channel_title = clean_line(
        snippet.get("videoOwnerChannelTitle") or snippet.get("channelTitle"), limit=MAX_NAME_CHARS
    )
    channel_id = snippet.get("videoOwnerChannelId") or snippet.get("channelId")
    notes: list[str] = []
    return IncomingPost(
        platform="youtube",
        external_id=video,
        text=f"{title}\n{description}".strip(),
        created_at=parse_time(
            details.get("videoPublishedAt") or snippet.get("publishedAt"), now=now, notes=notes
        ),
        author=IncomingAuthor(
            platform="youtube",
            external_id=clean_id(channel_id, what="channel id"),
            display_name=channel_title,
        )
        if channel_id
        else None,
        url=f"https://www.youtube.com/watch?v={video}",
        language=clean_language(snippet.get("defaultLanguage")),
        kind=kind,
        raw={"video": video},
        notes=tuple(notes),
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    channels = string_list(config, "channel_ids", limit=10)
    if any(not (value.startswith("UC") and len(value) == 24) for value in channels):
        raise InvalidConfiguration("channel_ids are YouTube channel ids (UC + 22 characters)")
    searches = string_list(config, "searches", limit=10)
    quota = config.get("daily_quota", 10_000)
    if isinstance(quota, str) and quota.isdigit():
        quota = int(quota)
    if not isinstance(quota, int) or isinstance(quota, bool) or quota < 100:
        raise InvalidConfiguration("daily_quota is the project's daily quota in units (≥ 100)")
    if not channels and not searches:
        raise InvalidConfiguration("name at least one channel id or search")
    return {
        "api_base": require_https_base(config.get("api_base") or API, name="api_base"),
        "oauth_base": require_https_base(config.get("oauth_base") or OAUTH, name="oauth_base"),
        "channel_ids": channels,
        "searches": searches,
        "comments": bool(config.get("comments", True)),
        "daily_quota": quota,
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class YouTubeSource(ApiSource):
    platform = "youtube"
    label = "YouTube"
    renew_hint = (
        "Create a new API key or re-authorise the Google OAuth client (scope youtube.readonly "
        "or youtube.force-ssl) and store it on the connector."
    )

    def can_renew(self) -> bool:
        return all(self.secrets.get(k) for k in ("refresh_token", "client_id", "client_secret"))

    def renew_token(self) -> str:
        data = self.refresh_grant(f"{self.config['oauth_base']}/token")
        self.renewed_secrets["access_token"] = str(data["access_token"])
        return str(data["access_token"])

    def auth_headers(self) -> dict[str, str]:
        if (
            self.secrets.get("api_key")
            and not self.can_renew()
            and not self.secrets.get("access_token")
        ):
            return {"X-Goog-Api-Key": self.secrets["api_key"]}
        return super().auth_headers()

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        error = data.get("error") if isinstance(data, Mapping) else None
        if isinstance(error, Mapping) and response.status >= 400:
            errors = error.get("errors")
            reasons = {
                str(e.get("reason"))
                for e in (errors if isinstance(errors, list) else [])
                if isinstance(e, Mapping)
            }
            message = f"YouTube: {str(error.get('message', ''))[:200]}"
            if reasons & {
                "quotaExceeded",
                "dailyLimitExceeded",
                "rateLimitExceeded",
                "userRateLimitExceeded",
            }:
                return Problem(Trouble.RATE, message, self._until_pacific_midnight())
            if reasons & {"keyInvalid", "keyExpired"}:
                return Problem(Trouble.EXPIRED, message)
            if reasons & {
                "commentsDisabled",
                "channelNotFound",
                "videoNotFound",
                "playlistNotFound",
            }:
                return Problem(Trouble.CONFIGURATION, message)
        return super().classify(response, data)

    def _until_pacific_midnight(self) -> float:
        local = self.now().astimezone(PACIFIC)
        midnight = (local + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
        return (midnight - local).total_seconds()

    def _spend(self, state: dict[str, Any], endpoint: str) -> None:
        day = quota_day(self.now())
        meter = state.get(QUOTA_KEY, {})
        if meter.get("day") != day:
            meter = {"day": day, "used": 0}
        cost = QUOTA_COST[endpoint]
        if int(meter["used"]) + cost > self.config["daily_quota"]:
            state[QUOTA_KEY] = meter
            raise SourceUnavailable(
                f"YouTube daily quota of {self.config['daily_quota']} units spent; "
                "resumes after midnight Pacific time"
            )
        meter["used"] = int(meter["used"]) + cost
        state[QUOTA_KEY] = meter

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        for channel in self.config["channel_ids"]:
            uploads = {
                "part": "snippet,contentDetails",
                "playlistId": "UU" + channel[2:],
                "maxResults": 50,
            }
            yield from walk_newest_first(
                key=f"uploads:{channel}",
                state=state,
                max_pages=MAX_PAGES_PER_POLL,
                fetch=partial(self._page, "playlistItems", uploads, self._own_video, state=state),
            )
            if self.config["comments"]:
                threads = {
                    "part": "snippet,replies",
                    "allThreadsRelatedToChannelId": channel,
                    "order": "time",
                    "maxResults": 100,
                    "textFormat": "plainText",
                }
                yield from walk_newest_first(
                    key=f"comments:{channel}",
                    state=state,
                    max_pages=MAX_PAGES_PER_POLL,
                    order=_modified_key,
                    fetch=partial(self._page, "commentThreads", threads, self._thread, state=state),
                )
        for query in self.config["searches"]:
            search = {
                "part": "snippet",
                "q": query,
                "type": "video",
                "order": "date",
                "maxResults": 50,
            }
            yield from walk_newest_first(
                key=f"search:{query}",
                state=state,
                max_pages=2,
                fetch=partial(self._page, "search", search, self._mention, state=state),
            )

    def _own_video(self, item: Any, now: dt.datetime) -> list[IncomingPost]:
        return [video_to_post(item, now=now, kind="own_post")]

    def _mention(self, item: Any, now: dt.datetime) -> list[IncomingPost]:
        return [video_to_post(item, now=now, kind="mention")]

    def _thread(self, item: Any, now: dt.datetime) -> list[IncomingPost]:
        if not isinstance(item, Mapping) or not isinstance(item.get("snippet"), Mapping):
            raise InvalidItem("comment thread without a snippet")
        video = clean_line(item["snippet"].get("videoId"), limit=64)
        found = [comment_to_post(item["snippet"].get("topLevelComment"), now=now, video_id=video)]
        replies = item.get("replies") if isinstance(item.get("replies"), Mapping) else {}
        assert isinstance(replies, Mapping)
        for reply in (
            replies.get("comments", []) if isinstance(replies.get("comments"), list) else []
        ):
            try:
                found.append(comment_to_post(reply, now=now, video_id=video))
            except InvalidItem:
                continue
        return found

    def _page(
        self,
        endpoint: str,
        params: dict[str, Any],
        mapper: Callable[[Any, dt.datetime], list[IncomingPost]],
        token: str,
        watermark: str,
        *,
        state: dict[str, Any],
    ) -> Page:
        self._spend(state, endpoint)
        query = {**params, "pageToken": token}
        if endpoint == "search" and watermark:
            query["publishedAfter"] = watermark[:19] + "Z"  # search costs 100 units: ask less
        data = self.call(f"{self.config['api_base']}/youtube/v3/{endpoint}", params=query)
        items = data.get("items") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise SourceUnavailable(f"YouTube answered {endpoint} without an items list")
        now = self.now()
        return page_of(items, lambda item: mapper(item, now), next_token=data.get("nextPageToken"))


register_source(
    SourceSpec(
        kind="youtube",
        label="YouTube Data API",
        factory=YouTubeSource,
        validate_config=validate,
        secret_names=("api_key", "access_token", "refresh_token", "client_id", "client_secret"),
    )
)
