"""Slack (the organisation's own workspace): history of the public channels the app was invited
to (conversations.history, https://api.slack.com/methods/conversations.history) and message
events pushed through the Events API (`events.py`). Everything is internal content: marked
internal, shown only to those who may read it, and kept only for the connector's retention."""

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
    parse_time,
)
from socialgov.engine.sources.common import require_https_base, string_list
from socialgov.engine.sources.http import HttpResponse
from socialgov.engine.sources.paging import Page, cursor_state, walk_newest_first
from socialgov.engine.sources.platform_client import ApiSource, Problem, Trouble

API = "https://slack.com/api"
MAX_PAGES_PER_POLL = 20
EXPIRED_ERRORS = frozenset(
    {"invalid_auth", "token_expired", "token_revoked", "account_inactive", "not_authed"}
)
PERMISSION_ERRORS = frozenset(
    {"missing_scope", "not_in_channel", "no_permission", "ekm_access_denied"}
)
CONFIG_ERRORS = frozenset({"channel_not_found", "invalid_cursor", "invalid_ts_oldest"})
SKIPPED_SUBTYPES = frozenset(
    {
        "channel_join",
        "channel_leave",
        "channel_topic",
        "channel_purpose",
        "channel_name",
        "bot_add",
        "bot_remove",
        "pinned_item",
    }
)
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{6,20}$")
DEFAULT_RETENTION_DAYS = 90


def slack_time(ts: Any) -> float:
    if not isinstance(ts, str) or not re.match(r"^\d{9,11}(\.\d{1,6})?$", ts):
        raise InvalidItem("message without a valid ts")
    return float(ts)


def message_to_post(message: Any, *, channel: str, team: str, now: dt.datetime) -> IncomingPost:
    """A Slack message; its id is channel + ts (Slack's own message identity)."""
    if not isinstance(message, Mapping):
        raise InvalidItem("message is not an object")
    subtype = message.get("subtype")
    if isinstance(subtype, str) and subtype in SKIPPED_SUBTYPES:
        raise InvalidItem(f"skipped message subtype {subtype}")
    ts = clean_line(message.get("ts"), limit=20)
    seconds = slack_time(ts)
    if not isinstance(message.get("text"), str):
        raise InvalidItem("message without text")
    notes: list[str] = []
    if isinstance(message.get("edited"), Mapping):
        notes.append("edited in Slack")
    user = message.get("user") or message.get("bot_id")
    profile = (
        message.get("user_profile") if isinstance(message.get("user_profile"), Mapping) else {}
    )
    assert isinstance(profile, Mapping)
    author = None
    if isinstance(user, str) and user:
        author = IncomingAuthor(
            platform="slack",
            external_id=clean_id(f"{team}:{user}" if team else user, what="user id"),
            handle=clean_line(profile.get("name"), limit=MAX_HANDLE_CHARS),
            display_name=clean_line(
                profile.get("real_name") or profile.get("display_name"), limit=MAX_NAME_CHARS
            ),
        )
    thread = clean_line(message.get("thread_ts"), limit=20)
    return IncomingPost(
        platform="slack",
        external_id=clean_id(f"{channel}:{ts}", what="message id"),
        text=clean_text(message["text"]),
        created_at=parse_time(seconds, now=now, notes=notes),
        author=author,
        kind="internal",
        channel_handle=channel,
        reply_to_id=f"{channel}:{thread}" if thread and thread != ts else "",
        replies_count=clean_count(message.get("reply_count")),
        raw={"ts": ts, "channel": channel},
        notes=tuple(notes),
    )


def validate(config: Mapping[str, Any]) -> dict[str, Any]:
    channels = string_list(config, "channels", limit=100)
    if not channels or any(not _CHANNEL.match(value) for value in channels):
        raise InvalidConfiguration("channels are Slack channel ids such as C0123456789")
    retention = config.get("retention_days", DEFAULT_RETENTION_DAYS)
    if isinstance(retention, str) and retention.isdigit():
        retention = int(retention)
    if not isinstance(retention, int) or isinstance(retention, bool) or not 1 <= retention <= 3650:
        raise InvalidConfiguration("retention_days is a number of days between 1 and 3650")
    backfill = config.get("backfill_days", 7)
    if isinstance(backfill, str) and backfill.isdigit():
        backfill = int(backfill)
    if (
        not isinstance(backfill, int)
        or isinstance(backfill, bool)
        or not 0 <= backfill <= retention
    ):
        raise InvalidConfiguration("backfill_days is between 0 and the retention")
    return {
        "api_base": require_https_base(config.get("api_base") or API, name="api_base"),
        "team_id": clean_line(config.get("team_id"), limit=20),
        "channels": channels,
        "retention_days": retention,
        "backfill_days": backfill,
        "channel": clean_line(config.get("channel"), limit=MAX_HANDLE_CHARS),
    }


class SlackSource(ApiSource):
    platform = "slack"
    label = "Slack"
    renew_hint = "Reinstall the Slack app in the workspace and store its new bot token (xoxb-…)."

    def can_renew(self) -> bool:
        return all(self.secrets.get(k) for k in ("refresh_token", "client_id", "client_secret"))

    def renew_token(self) -> str:
        """With token rotation on, bot tokens last 12 hours and the refresh token rotates."""
        data = self.refresh_grant(f"{self.config['api_base']}/oauth.v2.access")
        if data.get("ok") is False:
            raise self._error(
                Problem(Trouble.EXPIRED, f"Slack refused the refresh: {data.get('error')}")
            )
        self.renewed_secrets["bot_token"] = str(data["access_token"])
        return str(data["access_token"])

    def token(self) -> str:
        if self._token is None and self.secrets.get("bot_token"):
            self._token = self.secrets["bot_token"]
        return super().token()

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        """Slack answers HTTP 200 with {"ok": false, "error": ...} for most failures."""
        if isinstance(data, Mapping) and data.get("ok") is False:
            error = str(data.get("error", ""))[:80]
            if error in EXPIRED_ERRORS:
                return Problem(Trouble.EXPIRED, f"Slack: {error}")
            if error in PERMISSION_ERRORS:
                return Problem(Trouble.PERMISSION, f"Slack: {error}")
            if error == "ratelimited":
                return Problem(Trouble.RATE, "Slack: ratelimited")
            if error in CONFIG_ERRORS:
                return Problem(Trouble.CONFIGURATION, f"Slack: {error}")
            return Problem(Trouble.UNAVAILABLE, f"Slack: {error}")
        return super().classify(response, data)

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        state = cursor_state(cursor)
        for channel in self.config["channels"]:
            yield from walk_newest_first(
                key=f"history:{channel}",
                state=state,
                max_pages=MAX_PAGES_PER_POLL,
                first_pages=MAX_PAGES_PER_POLL if self.config["backfill_days"] else 1,
                fetch=partial(self._page, channel),
            )

    def _page(self, channel: str, token: str, watermark: str) -> Page:
        try:
            oldest = dt.datetime.fromisoformat(watermark).timestamp()
        except ValueError:  # first poll, or a cursor damaged by hand
            oldest = (self.now() - dt.timedelta(days=self.config["backfill_days"])).timestamp()
        params = {
            "channel": channel,
            "limit": 200,
            "cursor": token,
            "oldest": f"{oldest:.6f}",
            "inclusive": "true",
        }
        data = self.call(f"{self.config['api_base']}/conversations.history", params=params)
        messages = data.get("messages") if isinstance(data, Mapping) else None
        if not isinstance(messages, list):
            raise SourceUnavailable("Slack answered conversations.history without messages")
        now = self.now()
        posts, rejected = [], []
        for message in messages:
            try:
                posts.append(
                    message_to_post(message, channel=channel, team=self.config["team_id"], now=now)
                )
            except InvalidItem as error:
                if "skipped" not in str(error):
                    rejected.append(Rejection(str(error), repr(message)[:200]))
        metadata = (
            data.get("response_metadata")
            if isinstance(data.get("response_metadata"), Mapping)
            else {}
        )
        assert isinstance(metadata, Mapping)
        following = metadata.get("next_cursor") if data.get("has_more") else ""
        return Page(
            posts,
            next_token=following if isinstance(following, str) else "",
            rejected=rejected,
            seen=len(messages),
        )


register_source(
    SourceSpec(
        kind="slack",
        label="Slack (internal workspace)",
        factory=SlackSource,
        validate_config=validate,
        secret_names=("bot_token", "signing_secret", "refresh_token", "client_id", "client_secret"),
        internal=True,
    )
)
