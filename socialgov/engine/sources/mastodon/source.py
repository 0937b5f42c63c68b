from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

from socialgov.engine.sources.base import (
    Batch,
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
from socialgov.engine.sources.cleaning import (
    MAX_BIO_CHARS,
    MAX_HANDLE_CHARS,
    MAX_NAME_CHARS,
    InvalidItem,
    clean_count,
    clean_id,
    clean_language,
    clean_line,
    clean_url,
    html_to_text,
    optional_time,
    parse_time,
)
from socialgov.engine.sources.common import (
    bearer,
    get_json,
    link_param,
    require_https_base,
    string_list,
)
from socialgov.engine.sources.http import HttpClient

PAGE_SIZE = 40
MAX_PAGES_PER_POLL = 50


def _account(data: Any, now: dt.datetime) -> IncomingAuthor | None:
    if not isinstance(data, Mapping) or not data.get("id"):
        return None
    return IncomingAuthor(
        platform="mastodon",
        external_id=clean_id(data.get("id"), what="account id"),
        handle=clean_line(data.get("acct"), limit=MAX_HANDLE_CHARS),
        display_name=clean_line(data.get("display_name"), limit=MAX_NAME_CHARS),
        bio=html_to_text(data.get("note"), limit=MAX_BIO_CHARS),
        avatar_url=clean_url(data.get("avatar_static") or data.get("avatar")),
        created_at=optional_time(data.get("created_at"), now=now),
        followers_count=clean_count(data.get("followers_count")),
        following_count=clean_count(data.get("following_count")),
        posts_count=clean_count(data.get("statuses_count")),
    )


def _attachments(shown: Mapping[str, Any]) -> tuple[list[str], list[dict[str, str]]]:
    """Lines of text the media and the poll carry (alt text, the link of media without one,
    poll options), and the media as kept in the raw payload. Without them a post of only a
    picture would be stored empty and a poll's options would never be analysed."""
    lines: list[str] = []
    media: list[dict[str, str]] = []
    attachments = shown.get("media_attachments")
    for item in (attachments if isinstance(attachments, list) else [])[:20]:
        if not isinstance(item, Mapping):
            continue
        description = clean_line(item.get("description"), limit=1_500)
        link = clean_url(item.get("url") or item.get("remote_url") or item.get("preview_url"))
        media.append({"type": clean_line(item.get("type"), limit=20), "url": link,
                      "description": description})  # fmt: skip
        if description or link:
            lines.append(description or link)
    poll = shown.get("poll")
    options = poll.get("options") if isinstance(poll, Mapping) else None
    for option in (options if isinstance(options, list) else [])[:20]:
        if isinstance(option, Mapping) and (title := clean_line(option.get("title"), limit=200)):
            lines.append(title)
    return lines, media


def _quoted_id(shown: Mapping[str, Any]) -> str:
    """The quoted status of a quote post (Mastodon 4.4): a full Quote carries the status, a
    shallow one only its id; a quote that was refused or withdrawn still names what it quoted."""
    quote = shown.get("quote")
    if not isinstance(quote, Mapping):
        return ""
    quoted = quote.get("quoted_status")
    if isinstance(quoted, Mapping):
        return clean_line(quoted.get("id"), limit=255)
    return clean_line(quote.get("quoted_status_id"), limit=255)


def _status_url(status: Mapping[str, Any], shown: Mapping[str, Any]) -> str:
    """The page a person opens: for a reblog, the reblogged status (the reblog's own uri is an
    ActivityPub activity, `…/activity`, which shows nothing in a browser)."""
    for candidate in (shown.get("url"), status.get("url"), shown.get("uri"), status.get("uri")):
        url = clean_url(candidate)
        if url and not url.rstrip("/").endswith("/activity"):
            return url
    return ""


def status_to_post(status: Any, *, now: dt.datetime, kind: str = "") -> IncomingPost:
    """A Mastodon Status entity as a post; its HTML content becomes plain text, followed by
    the media descriptions and poll options."""
    if not isinstance(status, Mapping):
        raise InvalidItem("status is not an object")
    notes: list[str] = []
    reblog = status.get("reblog")
    shown = reblog if isinstance(reblog, Mapping) else status
    warning = html_to_text(shown.get("spoiler_text"), limit=500)
    extra, media = _attachments(shown)
    text = "\n".join(p for p in (warning, html_to_text(shown.get("content")), *extra) if p)
    mentions = shown.get("mentions")
    if status.get("visibility") == "direct" and not kind:
        kind = "direct_message"
    raw: dict[str, Any] = {"id": status.get("id"), "uri": clean_url(status.get("uri"))}
    if media:
        raw["media"] = media
    return IncomingPost(
        platform="mastodon",
        external_id=clean_id(status.get("id"), what="status id"),
        text=text[:20_000],
        created_at=parse_time(status.get("created_at"), now=now, notes=notes),
        author=_account(status.get("account"), now),
        url=_status_url(status, shown),
        language=clean_language(shown.get("language")),
        kind=kind,
        reply_to_id=clean_line(status.get("in_reply_to_id"), limit=255),
        quote_of_id=_quoted_id(shown),
        repost_of_id=clean_line(reblog.get("id"), limit=255) if isinstance(reblog, Mapping) else "",
        mentions=tuple(
            clean_line(item.get("acct"), limit=MAX_HANDLE_CHARS)
            for item in (mentions if isinstance(mentions, list) else [])[:50]
            if isinstance(item, Mapping)
        ),
        replies_count=clean_count(shown.get("replies_count")),
        reposts_count=clean_count(shown.get("reblogs_count")),
        likes_count=clean_count(shown.get("favourites_count")),
        quotes_count=clean_count(shown.get("quotes_count")),
        raw=raw,
        notes=tuple(notes),
        edited_at=optional_time(shown.get("edited_at"), now=now),
    )


def _validate(config: Mapping[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {"server": require_https_base(config.get("server"))}
    cleaned["hashtags"] = [tag.lstrip("#") for tag in string_list(config, "hashtags")]
    cleaned["accounts"] = string_list(config, "accounts")
    cleaned["searches"] = string_list(config, "searches")
    cleaned["notifications"] = bool(config.get("notifications", False))
    cleaned["channel"] = clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS)
    if not any(cleaned[key] for key in ("hashtags", "accounts", "searches", "notifications")):
        raise InvalidConfiguration("name at least one hashtag, account, search or notifications")
    return cleaned


class MastodonSource:
    """Walks each timeline forward from its stored `min_id`, one page per batch."""

    def __init__(
        self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
    ) -> None:
        self.config = config
        self.http = http
        self.headers = bearer(secrets)
        self.now: Callable[[], dt.datetime] = utc_now

    def _timelines(self) -> list[tuple[str, str, dict[str, Any], str]]:
        """(cursor key, path, fixed params, kind hint) for every configured timeline."""
        timelines: list[tuple[str, str, dict[str, Any], str]] = []
        for tag in self.config["hashtags"]:
            timelines.append((f"tag:{tag}", f"/api/v1/timelines/tag/{quote(tag, safe='')}", {}, ""))
        for account in self.config["accounts"]:
            path = f"/api/v1/accounts/{quote(account, safe='')}/statuses"
            timelines.append((f"account:{account}", path, {}, "own_post"))
        for query in self.config["searches"]:
            params = {"q": query, "type": "statuses", "resolve": "false"}
            timelines.append((f"search:{query}", "/api/v2/search", params, ""))
        if self.config["notifications"]:
            params = {"types[]": "mention"}
            timelines.append(("notifications", "/api/v1/notifications", params, "mention"))
        return timelines

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        """Every timeline on its own: one that fails is recorded and the others are read."""
        state = {key: dict(value) for key, value in cursor.items() if isinstance(value, Mapping)}
        parts = [
            (key, self._timeline(key, path, params, kind, state))
            for key, path, params, kind in self._timelines()
        ]
        yield from each_part(parts, lambda: {k: dict(v) for k, v in state.items()})

    def _timeline(
        self,
        key: str,
        path: str,
        params: dict[str, Any],
        kind: str,
        state: dict[str, dict[str, Any]],
    ) -> Callable[[], Iterator[Batch]]:
        def run() -> Iterator[Batch]:
            known = bool(state.get(key, {}).get("min_id"))
            yield from self._walk(key, path, params, kind, state)
            if known and key != "notifications":
                yield from self._recent_edits(key, path, params, kind, state)

        return run

    def _recent_edits(
        self,
        key: str,
        path: str,
        params: dict[str, Any],
        kind: str,
        state: dict[str, dict[str, Any]],
    ) -> Iterator[Batch]:
        """The `min_id` walk only sees new statuses; an edit keeps its id. The newest page is
        read again and statuses edited since the last look are passed on (the store updates
        them and keeps the replaced text as a version)."""
        url = f"{self.config['server']}{path}"
        data, _headers = get_json(
            self.http, url, params={**params, "limit": PAGE_SIZE}, headers=self.headers
        )
        items = data.get("statuses") if isinstance(data, Mapping) else data
        if not isinstance(items, list):
            raise SourceUnavailable(f"{url} did not return a list of statuses")
        seen = str(state.get(key, {}).get("edits_seen", ""))
        posts, rejected, _ids = self._read(items, kind, notifications=False)
        edited = [p for p in posts if p.edited_at and p.edited_at.isoformat() > seen]
        if not edited:
            return
        newest = max(p.edited_at.isoformat() for p in edited if p.edited_at)
        state[key] = {**state.get(key, {}), "edits_seen": newest}
        yield Batch(edited, cursor={k: dict(v) for k, v in state.items()}, rejected=rejected)

    def _walk(
        self,
        key: str,
        path: str,
        params: dict[str, Any],
        kind: str,
        state: dict[str, dict[str, Any]],
    ) -> Iterator[Batch]:
        url = f"{self.config['server']}{path}"
        for _page in range(MAX_PAGES_PER_POLL):
            min_id = state.get(key, {}).get("min_id", "")
            data, headers = get_json(
                self.http,
                url,
                params={**params, "limit": PAGE_SIZE, "min_id": min_id},
                headers=self.headers,
            )
            items = data.get("statuses") if isinstance(data, Mapping) else data
            if not isinstance(items, list):
                raise SourceUnavailable(f"{url} did not return a list of statuses")
            posts, rejected, ids = self._read(items, kind, notifications=key == "notifications")
            if not ids:
                return
            newest = max(ids, key=_id_order)
            following = link_param(headers, "prev", "min_id")
            if following and _id_order(following) > _id_order(newest):
                newest = following
            state[key] = {**state.get(key, {}), "min_id": newest}
            yield Batch(posts, cursor={k: dict(v) for k, v in state.items()}, rejected=rejected)
            if not min_id:
                return  # first poll: start from now instead of walking the whole history

    def _read(
        self, items: list[Any], kind: str, *, notifications: bool
    ) -> tuple[list[IncomingPost], list[Rejection], list[str]]:
        posts, rejected, ids = [], [], []
        now = self.now()
        for item in items:
            if not isinstance(item, Mapping):
                rejected.append(Rejection("item is not an object", repr(item)[:200]))
                continue
            if item.get("id") is not None:
                ids.append(str(item["id"])[:64])
            status = item.get("status") if notifications else item
            if notifications and not isinstance(status, Mapping):
                continue  # a follow or favourite notification carries no post
            try:
                posts.append(status_to_post(status, now=now, kind=kind))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(item)[:200]))
        return posts, rejected, ids


def _id_order(value: str) -> tuple[int, str]:
    """Mastodon ids are numeric strings that grow with time; order them as numbers."""
    return (len(value), value) if value.isdigit() else (0, value)


register_source(
    SourceSpec(
        kind="mastodon",
        label="Mastodon",
        factory=MastodonSource,
        validate_config=_validate,
        secret_names=("access_token",),
    )
)
