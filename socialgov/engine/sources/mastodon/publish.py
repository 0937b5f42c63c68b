"""Posting a status through the Mastodon statuses API (POST /api/v1/statuses)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..http import HttpClient
from ..publishing import PublishRequest, PublishResult, refuse, register_publisher, send


@dataclass
class MastodonPublisher:
    base_url: str
    token: str
    http: HttpClient
    platform: str = "mastodon"

    def publish(self, request: PublishRequest) -> PublishResult:
        payload: dict[str, Any] = {"status": request.text, "visibility": "public"}
        if request.reply_to:
            payload["in_reply_to_id"] = request.reply_to
        headers = {
            "Authorization": f"Bearer {self.token}",
            # Mastodon answers a repeated key with the first status instead of posting twice.
            "Idempotency-Key": request.idempotency_key,
        }
        response = send(self.http, f"{self.base_url.rstrip('/')}/api/v1/statuses", payload, headers)
        if response.status >= 400:
            duplicate = response.status == 422 and "already" in response.body.decode(
                "utf-8", "ignore"
            )
            raise refuse(response, duplicate=duplicate)
        data = response.json()
        return PublishResult(str(data["id"]), str(data.get("url") or ""))


def _factory(
    config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient
) -> MastodonPublisher:
    # The Mastodon connector's configuration names its server `server`.
    server = config.get("server") or config.get("instance") or ""
    return MastodonPublisher(str(server), str(secrets.get("access_token", "")), http)


register_publisher("mastodon", _factory, max_media=4)
