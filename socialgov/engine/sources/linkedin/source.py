"""LinkedIn Community Management API: an organisation page's posts and the comments on them
(https://learn.microsoft.com/linkedin/marketing/community-management/). Every call names the
API version it was written against (LinkedIn-Version: YYYYMM); LinkedIn retires versions after
about a year, and a retired version is reported as a configuration problem."""

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
    Rejection,
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
from socialgov.engine.sources.http import HttpResponse
from socialgov.engine.sources.paging import Page, cursor_state, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, Problem, Trouble

API = "https://api.linkedin.com"
OAUTH = "https://www.linkedin.com"
DEFAULT_VERSION = "202411"
PAGE_SIZE = 50
MAX_PAGES_PER_POLL = 10
COMMENT_POSTS_PER_POLL = 10  # comments are read for the newest posts only
_ORGANIZATION = re.compile(r"^(urn:li:organization:)?(\d{1,20})$")


def _modified_key(post: IncomingPost) -> str:
    return str(post.raw.get("modified", post.created_at.isoformat()))


def _millis(value: Any, *, now: dt.datetime, notes: list[str] | None = None) -> dt.datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidItem("time is not a number of milliseconds")
    return parse_time(value, now=now, notes=notes)


def _person(urn: Any) -> IncomingAuthor | None:
    if not isinstance(urn, str) or not urn.startswith("urn:li:"):
        return None
    return IncomingAuthor(platform="linkedin", external_id=clean_id(urn, what="author urn"))


def post_to_post(item: Any, *, now: dt.datetime) -> IncomingPost:
    """A Posts API element (urn:li:share / urn:li:ugcPost)."""
    if not isinstance(item, Mapping):
        raise InvalidItem("post is not an object")
    notes: list[str] = []
    created = _millis(item.get("createdAt") or item.get("publishedAt"), now=now, notes=notes)
    modified = item.get("lastModifiedAt")
    modified_at = _millis(modified, now=now) if isinstance(modified, int) else created
    if modified_at > created:
        notes.append("edited on the platform")
    urn = clean_id(item.get("id"), what="post urn")
    return IncomingPost(
        platform="linkedin",
        external_id=urn,
        text=clean_text(item.get("commentary") or ""),
        created_at=created,
        author=_person(item.get("author")),
        url=f"https://www.linkedin.com/feed/update/{quote(urn, safe=':')}/",
        kind="own_post",
        raw={
            "id": urn,
            "modified": modified_at.isoformat(),
            "state": clean_line(item.get("lifecycleState"), limit=20),
        },
        notes=tuple(notes),
    )


def comment_to_post(item: Any, *, now: dt.datetime, parent: str) -> IncomingPost:
    if not isinstance(item, Mapping):
        raise InvalidItem("comment is not an object")
    message = item.get("message") if isinstance(item.get("message"), Mapping) else {}
    assert isinstance(message, Mapping)
    created = item.get("created") if isinstance(item.get("created"), Mapping) else {}
    assert isinstance(created, Mapping)
    modified = item.get("lastModified") if isinstance(item.get("lastModified"), Mapping) else {}
    assert isinstance(modified, Mapping)
    notes: list[str] = []
    when = _millis(created.get("time"), now=now, notes=notes)
    modified_at = (
        _millis(modified["time"], now=now) if isinstance(modified.get("time"), int) else when
    )
    if not isinstance(message.get("text"), str):
        raise InvalidItem("comment without text")
    urn = (
        item.get("$URN") or item.get("commentUrn") or f"urn:li:comment:({parent},{item.get('id')})"
    )
    likes = item.get("likesSummary") if isinstance(item.get("likesSummary"), Mapping) else {}
    assert isinstance(likes, Mapping)
    return IncomingPost(
        platform="linkedin",
        external_id=clean_id(urn, what="comment urn"),
        text=clean_text(message["text"]),
        created_at=when,
        author=_person(item.get("actor") or created.get("actor")),
        kind="comment",
        reply_to_id=clean_line(item.get("parentComment") or parent, limit=255),
        likes_count=clean_count(likes.get("totalLikes")),
        raw={"modified": modified_at.isoformat()},
        notes=tuple(notes),
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    organizations = []
    for value in string_list(config, "organizations", limit=20):
        match = _ORGANIZATION.match(value)
        if not match:
            raise InvalidConfiguration("organizations are ids or urn:li:organization:<id>")
        organizations.append(f"urn:li:organization:{match.group(2)}")
    if not organizations:
        raise InvalidConfiguration("name at least one organization")
    version = clean_line(config.get("api_version") or DEFAULT_VERSION, limit=10)
    if not re.match(r"^20\d{2}(0[1-9]|1[0-2])(\.\d{2})?$", version):
        raise InvalidConfiguration("api_version is the LinkedIn-Version, YYYYMM, e.g. 202411")
    return {
        "api_base": require_https_base(config.get("api_base") or API, name="api_base"),
        "oauth_base": require_https_base(config.get("oauth_base") or OAUTH, name="oauth_base"),
        "organizations": organizations,
        "api_version": version,
        "comments": bool(config.get("comments", True)),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class LinkedInSource(ApiSource):
    platform = "linkedin"
    label = "LinkedIn"
    renew_hint = (
        "LinkedIn access tokens last 60 days: an organisation admin must re-authorise the app "
        "(Community Management API) and store the new token, or a refresh token."
    )

    def can_renew(self) -> bool:
        return all(self.secrets.get(k) for k in ("refresh_token", "client_id", "client_secret"))

    def renew_token(self) -> str:
        data = self.refresh_grant(f"{self.config['oauth_base']}/oauth/v2/accessToken")
        self.renewed_secrets["access_token"] = str(data["access_token"])
        return str(data["access_token"])

    def auth_headers(self) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token()}",
            "LinkedIn-Version": self.config["api_version"],
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        code = data.get("code") if isinstance(data, Mapping) else ""
        message = str(data.get("message", ""))[:200] if isinstance(data, Mapping) else ""
        if response.status == 426 or code in ("NONEXISTENT_VERSION", "VERSION_MISSING"):
            return Problem(
                Trouble.CONFIGURATION,
                f"LinkedIn does not serve API version {self.config['api_version']}: {message}",
            )
        if response.status == 401 and code in ("REVOKED_ACCESS_TOKEN", "EXPIRED_ACCESS_TOKEN", ""):
            return Problem(Trouble.EXPIRED, f"LinkedIn refused the token ({code or 'HTTP 401'})")
        if response.status == 403:
            return Problem(Trouble.PERMISSION, f"LinkedIn refused access: {message}")
        return super().classify(response, data)

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        for organization in self.config["organizations"]:
            newest: list[str] = []

            def fetch(
                token: str, watermark: str, org: str = organization, seen: list[str] = newest
            ) -> Page:
                page = self._posts_page(org, token)
                seen.extend(p.external_id for p in page.posts)
                return page

            yield from walk_newest_first(
                key=f"posts:{organization}",
                state=state,
                fetch=fetch,
                order=_modified_key,
                max_pages=MAX_PAGES_PER_POLL,
            )
            if self.config["comments"]:
                watched = newest[:COMMENT_POSTS_PER_POLL]
                if watched:  # forget the comment cursors of posts no longer watched
                    for key in [k for k in state if k.startswith("comments:")]:
                        if key.removeprefix("comments:") not in watched:
                            del state[key]
                for urn in watched:
                    yield from walk_newest_first(
                        key=f"comments:{urn}",
                        state=state,
                        fetch=partial(self._comments_page, urn),
                        order=_modified_key,
                        max_pages=MAX_PAGES_PER_POLL,
                    )

    def _elements(self, data: Any, what: str) -> list[Any]:
        items = data.get("elements") if isinstance(data, Mapping) else None
        if not isinstance(items, list):
            raise SourceUnavailable(f"LinkedIn answered {what} without an elements list")
        return items

    def _next_start(self, data: Mapping[str, Any], start: int, seen: int) -> str:
        paging = data.get("paging") if isinstance(data.get("paging"), Mapping) else {}
        assert isinstance(paging, Mapping)
        total = paging.get("total")
        following = start + seen
        if not seen or (isinstance(total, int) and following >= total):
            return ""
        return str(following)

    def _posts_page(self, organization: str, token: str) -> Page:
        start = int(token) if token.isdigit() else 0
        params = {
            "q": "author",
            "author": organization,
            "sortBy": "LAST_MODIFIED",
            "count": PAGE_SIZE,
            "start": start,
        }
        data = self.call(f"{self.config['api_base']}/rest/posts", params=params)
        items = self._elements(data, "posts")
        now = self.now()
        posts, rejected = [], []
        for item in items:
            try:
                posts.append(post_to_post(item, now=now))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(item)[:200]))
        return Page(
            posts,
            next_token=self._next_start(data, start, len(items)),
            rejected=rejected,
            seen=len(items),
        )

    def _comments_page(self, urn: str, token: str, watermark: str) -> Page:
        start = int(token) if token.isdigit() else 0
        url = f"{self.config['api_base']}/rest/socialActions/{quote(urn, safe='')}/comments"
        data = self.call(url, params={"count": PAGE_SIZE, "start": start})
        items = self._elements(data, "comments")
        now = self.now()
        posts, rejected = [], []
        for item in items:
            try:
                posts.append(comment_to_post(item, now=now, parent=urn))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(item)[:200]))
        posts.sort(key=_modified_key, reverse=True)
        return Page(
            posts,
            next_token=self._next_start(data, start, len(items)),
            rejected=rejected,
            seen=len(items),
        )


register_source(
    SourceSpec(
        kind="linkedin",
        label="LinkedIn (Community Management API)",
        factory=LinkedInSource,
        validate_config=validate,
        secret_names=("access_token", "refresh_token", "client_id", "client_secret"),
    )
)
