"""Viva Engage (Yammer) in a native-mode network: the communities are listed through Microsoft
Graph (employeeExperience/communities) and their posts read with the Viva Engage REST API
(messages/in_group), both with Microsoft Entra ID tokens. Internal content: marked internal and
kept only for the connector's retention."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from functools import partial
from typing import Any

from socialgov.engine.sources.base import (
    Batch,
    ConnectorError,
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
from socialgov.engine.sources.paging import Page, cursor_state, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource

ENGAGE = "https://api.yammer.com"
GRAPH = "https://graph.microsoft.com"
LOGIN = "https://login.microsoftonline.com"
ENGAGE_SCOPE = "https://api.yammer.com/.default"
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
MAX_PAGES_PER_POLL = 10
_TENANT = re.compile(r"^[0-9a-fA-F-]{36}$|^[a-z0-9.-]+\.[a-z]{2,}$")
DEFAULT_RETENTION_DAYS = 90
COMMUNITIES_KEY = "_communities"


def _engage_time(value: Any, *, now: dt.datetime, notes: list[str]) -> dt.datetime:
    """Viva Engage writes times as "2026/11/27 09:00:00 +0000"."""
    if isinstance(value, str) and re.match(r"^\d{4}/\d{2}/\d{2} ", value):
        date, clock, zone = [*value.split(" "), "", ""][:3]
        value = (
            f"{date.replace('/', '-')}T{clock}{zone[:3]}:{zone[3:]}"
            if zone
            else f"{date.replace('/', '-')}T{clock}"
        )
    return parse_time(value, now=now, notes=notes)


def message_to_post(
    message: Any, users: Mapping[str, IncomingAuthor], *, group: str, now: dt.datetime
) -> IncomingPost:
    if not isinstance(message, Mapping):
        raise InvalidItem("message is not an object")
    body = message.get("body") if isinstance(message.get("body"), Mapping) else {}
    assert isinstance(body, Mapping)
    if not isinstance(body.get("plain"), str):
        raise InvalidItem("message without a plain body")
    notes: list[str] = []
    replied = message.get("replied_to_id")
    identity = clean_id(message.get("id"), what="message id")
    return IncomingPost(
        platform="viva_engage",
        external_id=identity,
        text=clean_text(body["plain"]),
        created_at=_engage_time(message.get("created_at"), now=now, notes=notes),
        author=users.get(str(message.get("sender_id"))),
        url=clean_url(message.get("web_url")),
        kind="internal",
        channel_handle=group,
        reply_to_id=clean_line(replied, limit=255) if replied else "",
        likes_count=clean_count(
            (message.get("liked_by") or {}).get("count")
            if isinstance(message.get("liked_by"), Mapping)
            else None
        ),
        raw={"id": identity, "thread": clean_line(message.get("thread_id"), limit=40)},
        notes=tuple(notes),
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    tenant = clean_line(config.get("tenant"), limit=100)
    if not _TENANT.match(tenant):
        raise InvalidConfiguration("tenant is the Entra ID tenant id or its domain")
    groups = string_list(config, "group_ids", limit=50)
    if not groups or any(not value.isdigit() for value in groups):
        raise InvalidConfiguration("group_ids are the numeric Viva Engage community (group) ids")
    retention = config.get("retention_days", DEFAULT_RETENTION_DAYS)
    if isinstance(retention, str) and retention.isdigit():
        retention = int(retention)
    if not isinstance(retention, int) or isinstance(retention, bool) or not 1 <= retention <= 3650:
        raise InvalidConfiguration("retention_days is a number of days between 1 and 3650")
    return {
        "engage_base": require_https_base(config.get("engage_base") or ENGAGE, name="engage_base"),
        "graph_base": require_https_base(config.get("graph_base") or GRAPH, name="graph_base"),
        "login_base": require_https_base(config.get("login_base") or LOGIN, name="login_base"),
        "tenant": tenant,
        "group_ids": groups,
        "retention_days": retention,
        # Once a day, list the network's communities through Microsoft Graph (needs the app
        # permission Community.Read.All and a client secret) for the health page.
        "list_communities": bool(config.get("list_communities", True)),
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class VivaEngageSource(ApiSource):
    platform = "viva_engage"
    label = "Viva Engage"
    renew_hint = (
        "Re-consent the Entra ID app (Viva Engage access_as_user / Community.Read.All) or store "
        "a new client secret or refresh token on the connector."
    )

    def can_renew(self) -> bool:
        return bool(
            self.secrets.get("client_id")
            and (self.secrets.get("client_secret") or self.secrets.get("refresh_token"))
        )

    def _token_url(self) -> str:
        return f"{self.config['login_base']}/{self.config['tenant']}/oauth2/v2.0/token"

    def renew_token(self) -> str:
        return self._entra_token(ENGAGE_SCOPE)

    def _entra_token(self, scope: str) -> str:
        form = {"client_id": self.secrets["client_id"], "scope": scope}
        if self.secrets.get("client_secret"):
            form["client_secret"] = self.secrets["client_secret"]
        if self.secrets.get("refresh_token"):
            # Delegated access: Entra ID rotates the refresh token on every use.
            form.update(grant_type="refresh_token", refresh_token=self.secrets["refresh_token"])
        else:
            form["grant_type"] = "client_credentials"
        data = self.token_request(self._token_url(), form)
        if isinstance(data.get("refresh_token"), str):
            self.renewed_secrets["refresh_token"] = data["refresh_token"]
            self.secrets["refresh_token"] = data["refresh_token"]
        return str(data["access_token"])

    def communities(self) -> list[dict[str, str]]:
        """The network's communities from Microsoft Graph, for the health page."""
        token = self._entra_token(GRAPH_SCOPE)
        data = self.call(
            f"{self.config['graph_base']}/v1.0/employeeExperience/communities",
            headers={"Authorization": f"Bearer {token}"},
            authenticated=False,
        )
        values = data.get("value") if isinstance(data, Mapping) else None
        if not isinstance(values, list):
            raise SourceUnavailable("Graph answered without a list of communities")
        return [
            {
                "id": clean_line(item.get("id"), limit=100),
                "name": clean_line(item.get("displayName"), limit=200),
                "group": clean_line(item.get("groupId"), limit=100),
            }
            for item in values
            if isinstance(item, Mapping)
        ]

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        self._check_communities(state)
        for group in self.config["group_ids"]:
            yield from walk_newest_first(
                key=f"group:{group}",
                state=state,
                max_pages=MAX_PAGES_PER_POLL,
                fetch=partial(self._page, group),
            )

    def _check_communities(self, state: dict[str, Any]) -> None:
        """Refresh the list of communities at most daily; a refusal is noted, not fatal, so
        a missing Graph permission never stops the posts from being read."""
        if not (self.config["list_communities"] and self.secrets.get("client_secret")):
            return
        now = self.now()
        checked = str(state.get(COMMUNITIES_KEY, {}).get("checked", ""))
        if checked and checked > (now - dt.timedelta(days=1)).isoformat():
            return
        try:
            found = self.communities()
        except ConnectorError as error:
            state[COMMUNITIES_KEY] = {"checked": now.isoformat(), "error": str(error)[:300]}
            return
        state[COMMUNITIES_KEY] = {
            "checked": now.isoformat(),
            "names": [item["name"] for item in found if item["name"]][:50],
        }

    def _page(self, group: str, token: str, watermark: str) -> Page:
        url = f"{self.config['engage_base']}/api/v1/messages/in_group/{group}.json"
        data = self.call(url, params={"older_than": token, "threaded": "false", "limit": 20})
        messages = data.get("messages") if isinstance(data, Mapping) else None
        if not isinstance(messages, list):
            raise SourceUnavailable("Viva Engage answered without messages")
        users: dict[str, IncomingAuthor] = {}
        for reference in (
            data.get("references", []) if isinstance(data.get("references"), list) else []
        ):
            if (
                isinstance(reference, Mapping)
                and reference.get("type") == "user"
                and reference.get("id")
            ):
                users[str(reference["id"])] = IncomingAuthor(
                    platform="viva_engage",
                    external_id=clean_id(reference["id"], what="user id"),
                    handle=clean_line(reference.get("name"), limit=MAX_HANDLE_CHARS),
                    display_name=clean_line(reference.get("full_name"), limit=MAX_NAME_CHARS),
                )
        now = self.now()
        posts, rejected = [], []
        for message in messages:
            try:
                posts.append(message_to_post(message, users, group=group, now=now))
            except InvalidItem as error:
                rejected.append(Rejection(str(error), repr(message)[:200]))
        meta = data.get("meta") if isinstance(data.get("meta"), Mapping) else {}
        assert isinstance(meta, Mapping)
        ids = [
            str(m.get("id"))
            for m in messages
            if isinstance(m, Mapping) and str(m.get("id", "")).isdigit()
        ]
        following = min(ids, key=int) if ids and meta.get("older_available") else ""
        return Page(posts, next_token=following, rejected=rejected, seen=len(messages))


register_source(
    SourceSpec(
        kind="viva_engage",
        label="Viva Engage (Microsoft Graph)",
        factory=VivaEngageSource,
        validate_config=validate,
        secret_names=("client_id", "client_secret", "refresh_token", "access_token"),
        internal=True,
    )
)
