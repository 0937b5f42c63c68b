"""Posting on Bluesky with com.atproto.repo.createRecord (an app.bsky.feed.post record)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..http import HttpClient
from ..publishing import PublishRequest, PublishResult, refuse, register_publisher, send

DEFAULT_PDS = "https://bsky.social"


@dataclass
class BlueskyPublisher:
    did: str
    token: str
    http: HttpClient
    pds: str = DEFAULT_PDS
    platform: str = "bluesky"

    def publish(self, request: PublishRequest) -> PublishResult:
        record: dict[str, Any] = {
            "$type": "app.bsky.feed.post",
            "text": request.text,
            "createdAt": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        }
        if request.reply_to:
            # reply_to holds "<at-uri> <cid>" of the post answered (its root is itself).
            uri, _, cid = request.reply_to.partition(" ")
            ref = {"uri": uri, "cid": cid}
            record["reply"] = {"root": ref, "parent": ref}
        payload = {"repo": self.did, "collection": "app.bsky.feed.post", "record": record}
        url = f"{self.pds.rstrip('/')}/xrpc/com.atproto.repo.createRecord"
        response = send(self.http, url, payload, {"Authorization": f"Bearer {self.token}"})
        if response.status >= 400:
            raise refuse(response)
        uri = str(response.json()["uri"])
        rkey = uri.rsplit("/", 1)[-1]
        return PublishResult(uri, f"https://bsky.app/profile/{self.did}/post/{rkey}")


def _factory(
    config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient
) -> BlueskyPublisher:
    return BlueskyPublisher(
        str(config.get("did", "")),
        str(secrets.get("access_jwt", "")),
        http,
        str(config.get("pds") or DEFAULT_PDS),
    )


register_publisher("bluesky", _factory, max_media=4)
