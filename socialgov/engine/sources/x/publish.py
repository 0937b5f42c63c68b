"""Posting through X API v2 (POST /2/tweets)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..http import HttpClient
from ..publishing import PublishRequest, PublishResult, refuse, register_publisher, send

DEFAULT_BASE = "https://api.x.com"


@dataclass
class XPublisher:
    token: str
    http: HttpClient
    base_url: str = DEFAULT_BASE
    platform: str = "x"

    def publish(self, request: PublishRequest) -> PublishResult:
        payload: dict[str, Any] = {"text": request.text}
        if request.reply_to:
            payload["reply"] = {"in_reply_to_tweet_id": request.reply_to}
        headers = {"Authorization": f"Bearer {self.token}"}
        response = send(self.http, f"{self.base_url.rstrip('/')}/2/tweets", payload, headers)
        if response.status >= 400:
            duplicate = response.status == 403 and b"duplicate" in response.body.lower()
            raise refuse(response, duplicate=duplicate)
        tweet_id = str(response.json()["data"]["id"])
        return PublishResult(tweet_id, f"https://x.com/i/web/status/{tweet_id}")


def _factory(config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient) -> XPublisher:
    return XPublisher(
        str(secrets.get("user_access_token", "")), http, str(config.get("base_url") or DEFAULT_BASE)
    )


register_publisher("x", _factory, max_media=4)
