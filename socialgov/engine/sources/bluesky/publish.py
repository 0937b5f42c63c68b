"""Posting on Bluesky with com.atproto.repo.createRecord (an app.bsky.feed.post record).

The account signs in with an app password (com.atproto.server.createSession gives the DID and a
short-lived access token with a longer-lived refresh token). An expired access token is
refreshed with com.atproto.server.refreshSession and the post sent once more; when the refresh
token has expired too, the publisher signs in again. Sessions are kept per worker process, so a
worker does not sign in for every post (Bluesky limits sign-ins per account). A ready access
token (`access_jwt`) with a configured DID still works, without refresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..http import HttpClient, HttpError, HttpResponse, RateLimited
from ..publishing import (
    PublishError,
    PublishRequest,
    PublishResult,
    refuse,
    register_publisher,
    send,
)

DEFAULT_PDS = "https://bsky.social"
# The XRPC error names of an access or refresh token past its time.
EXPIRED = {"ExpiredToken", "InvalidToken"}


@dataclass(frozen=True)
class Session:
    did: str
    access: str
    refresh: str


_sessions: dict[tuple[str, str, str], Session] = {}
_sessions_lock = threading.Lock()


def _error_name(response: HttpResponse) -> str:
    try:
        data = response.json()
    except ValueError:
        return ""
    return str(data.get("error", "")) if isinstance(data, Mapping) else ""


def _expired(response: HttpResponse) -> bool:
    return response.status in (400, 401) and _error_name(response) in EXPIRED


@dataclass
class BlueskyPublisher:
    did: str
    token: str
    http: HttpClient
    pds: str = DEFAULT_PDS
    platform: str = "bluesky"
    identifier: str = ""
    app_password: str = field(default="", repr=False)

    @property
    def _key(self) -> tuple[str, str, str]:
        # The password's hash, so that a changed app password signs in again.
        secret = hashlib.sha256(self.app_password.encode()).hexdigest()
        return (self.pds.rstrip("/"), self.identifier.lower(), secret)

    def _url(self, method: str) -> str:
        return f"{self.pds.rstrip('/')}/xrpc/{method}"

    def _session_from(self, response: HttpResponse, what: str) -> Session:
        data = response.json() if response.status == 200 else {}
        if not isinstance(data, Mapping) or not all(
            isinstance(data.get(name), str) for name in ("did", "accessJwt", "refreshJwt")
        ):
            raise PublishError(f"Bluesky gave no session ({what}, HTTP {response.status})")
        session = Session(str(data["did"]), str(data["accessJwt"]), str(data["refreshJwt"]))
        with _sessions_lock:
            _sessions[self._key] = session
        return session

    def sign_in(self) -> Session:
        payload = {"identifier": self.identifier, "password": self.app_password}
        response = send(self.http, self._url("com.atproto.server.createSession"), payload, {})
        if response.status >= 400:
            raise refuse(response)  # a wrong identifier or app password: not worth retrying
        return self._session_from(response, "createSession")

    def refreshed(self, session: Session) -> Session:
        """A new access token from the refresh token, or a new sign-in when that expired too."""
        try:
            response = self.http.request(
                "POST",
                self._url("com.atproto.server.refreshSession"),
                headers={"Authorization": f"Bearer {session.refresh}"},
            )
        except RateLimited as error:
            raise PublishError(str(error), status=429, retryable=True) from error
        except HttpError as error:
            raise PublishError(str(error), status=error.status, retryable=True) from error
        if response.status >= 400:
            return self.sign_in()
        return self._session_from(response, "refreshSession")

    def session(self) -> Session:
        if not self.app_password:
            return Session(self.did, self.token, "")
        with _sessions_lock:
            known = _sessions.get(self._key)
        return known or self.sign_in()

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
        session = self.session()
        response = self._create(session, record)
        if _expired(response) and session.refresh:
            session = self.refreshed(session)
            response = self._create(session, record)
        if response.status >= 400:
            raise refuse(response)
        uri = str(response.json()["uri"])
        rkey = uri.rsplit("/", 1)[-1]
        return PublishResult(uri, f"https://bsky.app/profile/{session.did}/post/{rkey}")

    def _create(self, session: Session, record: dict[str, Any]) -> HttpResponse:
        payload = {"repo": session.did, "collection": "app.bsky.feed.post", "record": record}
        headers = {"Authorization": f"Bearer {session.access}"}
        return send(self.http, self._url("com.atproto.repo.createRecord"), payload, headers)


def _factory(
    config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient
) -> BlueskyPublisher:
    identifier = secrets.get("identifier") or config.get("identifier") or config.get("did")
    return BlueskyPublisher(
        str(config.get("did", "")),
        str(secrets.get("access_jwt", "")),
        http,
        str(config.get("pds") or DEFAULT_PDS),
        identifier=str(identifier or ""),
        app_password=str(secrets.get("app_password", "")),
    )


register_publisher("bluesky", _factory, max_media=4)
