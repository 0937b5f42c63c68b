"""Salesforce Chatter through the Connect REST API: feed elements of the watched groups with
their comments (https://developer.salesforce.com/docs/atlas.en-us.chatterapi.meta). Internal
content, kept only for the connector's retention. The org's daily API allowance
(Sforce-Limit-Info: api-usage=used/limit) is kept for the health page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

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
    clean_line,
    clean_text,
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpResponse
from socialgov.engine.sources.paging import Page, cursor_state, page_of, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, Problem, Trouble

DEFAULT_VERSION = "v61.0"
MAX_PAGES_PER_POLL = 10
USAGE_KEY = "_api_usage"
_RECORD_ID = re.compile(r"^0F9[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$")
_USAGE = re.compile(r"api-usage=(\d+)/(\d+)")
DEFAULT_RETENTION_DAYS = 90


def _modified_key(post: IncomingPost) -> str:
    return str(post.raw.get("modified", post.created_at.isoformat()))


def _actor(data: Any) -> IncomingAuthor | None:
    if not isinstance(data, Mapping) or not data.get("id"):
        return None
    return IncomingAuthor(
        platform="chatter",
        external_id=clean_id(data.get("id"), what="user id"),
        handle=clean_line(data.get("username") or data.get("name"), limit=MAX_HANDLE_CHARS),
        display_name=clean_line(data.get("displayName") or data.get("name"), limit=MAX_NAME_CHARS),
    )


def _text(body: Any) -> str:
    if not isinstance(body, Mapping) or not isinstance(body.get("text"), str | None):
        raise InvalidItem("item without a body")
    return clean_text(body.get("text") or "")


def element_to_posts(element: Any, *, group: str, now: dt.datetime) -> list[IncomingPost]:
    """A feed element (FeedItem) and the comments that came with it."""
    if not isinstance(element, Mapping):
        raise InvalidItem("feed element is not an object")
    if element.get("feedElementType") not in ("FeedItem", None):
        raise InvalidItem(f"unknown feed element type {str(element.get('feedElementType'))[:30]!r}")
    notes: list[str] = []
    created = parse_time(element.get("createdDate"), now=now, notes=notes)
    modified = element.get("modifiedDate")
    if isinstance(modified, str) and modified != element.get("createdDate"):
        notes.append("edited in Chatter")
    identity = clean_id(element.get("id"), what="feed element id")
    capabilities = (
        element.get("capabilities") if isinstance(element.get("capabilities"), Mapping) else {}
    )
    assert isinstance(capabilities, Mapping)
    comments_cap = (
        capabilities.get("comments") if isinstance(capabilities.get("comments"), Mapping) else {}
    )
    assert isinstance(comments_cap, Mapping)
    page = comments_cap.get("page") if isinstance(comments_cap.get("page"), Mapping) else {}
    assert isinstance(page, Mapping)
    post = IncomingPost(
        platform="chatter",
        external_id=identity,
        text=_text(element.get("body")),
        created_at=created,
        author=_actor(element.get("actor")),
        kind="internal",
        channel_handle=group,
        replies_count=clean_count(page.get("total")),
        raw={
            "id": identity,
            "modified": parse_time(modified, now=now).isoformat()
            if isinstance(modified, str)
            else created.isoformat(),
        },
        notes=tuple(notes),
    )
    found = [post]
    for comment in page.get("items", []) if isinstance(page.get("items"), list) else []:
        try:
            found.append(_comment(comment, parent=identity, group=group, now=now))
        except InvalidItem:
            continue
    return found


def _comment(comment: Any, *, parent: str, group: str, now: dt.datetime) -> IncomingPost:
    if not isinstance(comment, Mapping):
        raise InvalidItem("comment is not an object")
    return IncomingPost(
        platform="chatter",
        external_id=clean_id(comment.get("id"), what="comment id"),
        text=_text(comment.get("body")),
        created_at=parse_time(comment.get("createdDate"), now=now),
        author=_actor(comment.get("user")),
        kind="internal",
        channel_handle=group,
        reply_to_id=parent,
        raw={"modified": parse_time(comment.get("createdDate"), now=now).isoformat()},
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    instance = require_https_base(config.get("instance_url"), name="instance_url")
    groups = string_list(config, "group_ids", limit=50)
    if not groups or any(not _RECORD_ID.match(value) for value in groups):
        raise InvalidConfiguration("group_ids are Chatter group record ids (0F9…)")
    version = clean_line(config.get("api_version") or DEFAULT_VERSION, limit=8)
    if not re.match(r"^v\d{2}\.0$", version):
        raise InvalidConfiguration("api_version looks like v61.0")
    retention = config.get("retention_days", DEFAULT_RETENTION_DAYS)
    if isinstance(retention, str) and retention.isdigit():
        retention = int(retention)
    if not isinstance(retention, int) or isinstance(retention, bool) or not 1 <= retention <= 3650:
        raise InvalidConfiguration("retention_days is a number of days between 1 and 3650")
    return {
        "instance_url": instance,
        "api_version": version,
        "group_ids": groups,
        "retention_days": retention,
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


def usage_meter(cursor: Mapping[str, Any]) -> dict[str, Any]:
    stored = cursor.get(USAGE_KEY) if isinstance(cursor.get(USAGE_KEY), Mapping) else {}
    assert isinstance(stored, Mapping)
    used, limit = int(stored.get("used", 0)), int(stored.get("limit", 0))
    return {
        "used": used,
        "limit": limit,
        "percent": min(100, round(100 * used / limit)) if limit else 0,
    }


class ChatterSource(ApiSource):
    platform = "chatter"
    label = "Salesforce Chatter"
    renew_hint = (
        "Check the connected app (OAuth client credentials flow with a run-as user, or a "
        "refresh token) and store its consumer key and secret again."
    )

    def __init__(self, config: Mapping[str, Any], secrets: Mapping[str, str], http: Any) -> None:
        super().__init__(config, secrets, http)
        self.usage: tuple[int, int] | None = None

    def can_renew(self) -> bool:
        return bool(self.secrets.get("client_id") and self.secrets.get("client_secret"))

    def renew_token(self) -> str:
        form = {
            "client_id": self.secrets["client_id"],
            "client_secret": self.secrets["client_secret"],
        }
        if self.secrets.get("refresh_token"):
            form.update(grant_type="refresh_token", refresh_token=self.secrets["refresh_token"])
        else:
            form["grant_type"] = "client_credentials"
        data = self.token_request(f"{self.config['instance_url']}/services/oauth2/token", form)
        return str(data["access_token"])

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        first = data[0] if isinstance(data, list) and data and isinstance(data[0], Mapping) else {}
        code = str(first.get("errorCode", "")) if isinstance(first, Mapping) else ""
        message = f"Salesforce {code}: {str(first.get('message', ''))[:200]}" if code else ""
        if code == "INVALID_SESSION_ID":
            return Problem(Trouble.EXPIRED, message)
        if code == "REQUEST_LIMIT_EXCEEDED":
            return Problem(Trouble.RATE, message)
        if code in ("INSUFFICIENT_ACCESS", "API_DISABLED_FOR_ORG", "FUNCTIONALITY_NOT_ENABLED"):
            return Problem(Trouble.PERMISSION, message)
        if code in ("NOT_FOUND", "INVALID_ID_FIELD"):
            return Problem(Trouble.CONFIGURATION, message)
        return super().classify(response, data)

    def observe(self, response: HttpResponse, data: Any) -> None:
        match = _USAGE.search(response.header("sforce-limit-info"))
        if match:
            self.usage = (int(match.group(1)), int(match.group(2)))

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        for group in self.config["group_ids"]:
            yield from walk_newest_first(
                key=f"group:{group}",
                state=state,
                max_pages=MAX_PAGES_PER_POLL,
                order=_modified_key,
                fetch=partial(self._page, group, state=state),
            )

    def _page(self, group: str, token: str, watermark: str, *, state: dict[str, Any]) -> Page:
        base = f"{self.config['instance_url']}/services/data/{self.config['api_version']}"
        url = f"{base}/chatter/feeds/record/{group}/feed-elements"
        data = self.call(
            url, params={"sort": "LastModifiedDateDesc", "pageSize": 100, "page": token}
        )
        elements = data.get("elements") if isinstance(data, Mapping) else None
        if not isinstance(elements, list):
            raise SourceUnavailable("Chatter answered without feed elements")
        if self.usage is not None:
            state[USAGE_KEY] = {"used": self.usage[0], "limit": self.usage[1]}
        now = self.now()
        return page_of(
            elements,
            lambda element: element_to_posts(element, group=group, now=now),
            next_token=data.get("nextPageToken"),
        )


register_source(
    SourceSpec(
        kind="chatter",
        label="Salesforce Chatter",
        factory=ChatterSource,
        validate_config=validate,
        secret_names=("client_id", "client_secret", "refresh_token", "access_token"),
        internal=True,
    )
)
