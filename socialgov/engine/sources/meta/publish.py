"""Posting on a Facebook Page through the Graph API: POST /{page-id}/feed for a post,
POST /{object-id}/comments for an answer to a post or comment, with a Page access token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..http import HttpClient, HttpResponse
from ..publishing import (
    PublishError,
    PublishRequest,
    PublishResult,
    refuse,
    register_publisher,
    send,
    versioned_factory,
)
from .source import DEFAULT_VERSION, GRAPH, THROTTLE_CODES

DUPLICATE_CODE = 506  # "Duplicate status message"


def _graph_code(response: HttpResponse) -> int | None:
    try:
        error = response.json().get("error")
    except (ValueError, AttributeError):
        return None
    code = error.get("code") if isinstance(error, Mapping) else None
    return code if isinstance(code, int) else None


@dataclass
class FacebookPagePublisher:
    page_id: str
    token: str
    http: HttpClient
    base_url: str = GRAPH
    version: str = DEFAULT_VERSION
    platform: str = "facebook"

    def publish(self, request: PublishRequest) -> PublishResult:
        target = f"{request.reply_to}/comments" if request.reply_to else f"{self.page_id}/feed"
        url = f"{self.base_url.rstrip('/')}/{self.version}/{target}"
        headers = {"Authorization": f"Bearer {self.token}"}
        response = send(self.http, url, {"message": request.text}, headers)
        if response.status >= 400:
            code = _graph_code(response)
            error = refuse(response, duplicate=code == DUPLICATE_CODE)
            if code in THROTTLE_CODES:  # Graph says "too many calls" with a 400, not a 429
                raise PublishError(str(error), status=response.status, retryable=True)
            raise error
        object_id = str(response.json()["id"])
        return PublishResult(object_id, f"https://www.facebook.com/{object_id}")


register_publisher(
    "facebook",
    versioned_factory(
        FacebookPagePublisher, accounts="pages", base_url=GRAPH, version=DEFAULT_VERSION
    ),
    max_media=10,
)
