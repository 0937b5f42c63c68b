"""Posting for an organisation through LinkedIn's Posts API (POST /rest/posts), and answering
a post with a comment (POST /rest/socialActions/{urn}/comments), versioned by LinkedIn-Version."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..http import HttpClient
from ..publishing import (
    PublishRequest,
    PublishResult,
    refuse,
    register_publisher,
    send,
    versioned_factory,
)
from .source import API, DEFAULT_VERSION


@dataclass
class LinkedInPublisher:
    organization: str
    token: str
    http: HttpClient
    base_url: str = API
    version: str = DEFAULT_VERSION
    platform: str = "linkedin"

    def _payload(self, request: PublishRequest) -> tuple[str, dict[str, Any]]:
        base = self.base_url.rstrip("/")
        if request.reply_to:
            url = f"{base}/rest/socialActions/{quote(request.reply_to, safe='')}/comments"
            message = {"text": request.text}
            return url, {"actor": self.organization, "object": request.reply_to, "message": message}
        return f"{base}/rest/posts", {
            "author": self.organization,
            "commentary": request.text,
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }

    def publish(self, request: PublishRequest) -> PublishResult:
        url, payload = self._payload(request)
        headers = {
            "Authorization": f"Bearer {self.token}",
            "LinkedIn-Version": self.version,
            "X-Restli-Protocol-Version": "2.0.0",
        }
        response = send(self.http, url, payload, headers)
        if response.status >= 400:
            duplicate = response.status == 422 and b"duplicate" in response.body.lower()
            raise refuse(response, duplicate=duplicate)
        # A new post's URN comes in a header (the body is empty); a comment's in its body.
        urn = response.header("x-restli-id")
        if not urn and response.body:
            data = response.json()
            urn = str(data.get("$URN") or data.get("id") or "") if isinstance(data, dict) else ""
        return PublishResult(urn, f"https://www.linkedin.com/feed/update/{urn}/" if urn else "")


register_publisher(
    "linkedin",
    versioned_factory(
        LinkedInPublisher, accounts="organizations", base_url=API, version=DEFAULT_VERSION
    ),
    max_media=9,
)
