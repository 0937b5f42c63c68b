"""What the commercial-platform connectors share: authenticated JSON calls through the guarded
HTTP client, each platform's error format mapped onto the connector errors, one token renewal
on an expired token, and rate-limit windows read from the platform's own headers.

A source renews its access token with the refresh token or client credentials it holds; new
secrets (rotating refresh tokens) are handed back in `renewed_secrets`, which the poller stores
encrypted. A platform that cannot renew raises CredentialsRejected with a message that tells the
channel owner what to do; the poller marks the connector failing and notifies them.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any
from urllib.parse import urlencode

from socialgov.engine.sources.base import (
    ConnectorError,
    CredentialsRejected,
    InvalidConfiguration,
    SourceUnavailable,
    utc_now,
)
from socialgov.engine.sources.http import (
    HttpClient,
    HttpError,
    HttpResponse,
    RateLimited,
    UnsafeUrl,
    rate_limit_wait,
)

MALFORMED = object()


class Trouble(Enum):
    EXPIRED = "expired"  # the token is no longer valid: renew once, else tell the owner
    PERMISSION = "permission"  # the token lacks a scope or the app an API product
    RATE = "rate"  # a rate limit or quota is spent
    CONFIGURATION = "configuration"  # an unknown page, group, version...
    UNAVAILABLE = "unavailable"  # the platform failed; try again later


@dataclass(frozen=True)
class Problem:
    trouble: Trouble
    message: str
    wait_seconds: float | None = None


def read_json(response: HttpResponse) -> Any:
    """The body as JSON, MALFORMED when it is not (truncated or garbled), None when empty."""
    if not response.body.strip():
        return None
    try:
        return json.loads(response.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return MALFORMED


def with_query(url: str, params: Mapping[str, Any] | None) -> str:
    if not params:
        return url
    query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], True)
    return f"{url}{'&' if '?' in url else '?'}{query}" if query else url


def basic_auth(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


class ApiSource:
    """Base for the platform sources: holds config, secrets and the client, and makes calls."""

    platform = ""
    label = ""
    # Said to the channel owner when the token expired and cannot be renewed here.
    renew_hint = "Reconnect the app and store a new access token on the connector."

    def __init__(
        self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient
    ) -> None:
        self.config = config
        self.secrets = {k: v for k, v in secrets.items() if isinstance(v, str)}
        self.http = http
        self.now: Callable[[], dt.datetime] = utc_now
        self.renewed_secrets: dict[str, str] = {}
        self._token: str | None = None

    # --- tokens -----------------------------------------------------------------------------

    def can_renew(self) -> bool:
        return False

    def renew_token(self) -> str:
        """A fresh access token (and `renewed_secrets` when the refresh token rotated)."""
        raise CredentialsRejected(f"{self.label}: the access token expired. {self.renew_hint}")

    def token(self) -> str:
        if self._token is None:
            stored = self.secrets.get("access_token", "")
            self._token = stored or (self.renew_token() if self.can_renew() else "")
            if not self._token:
                raise InvalidConfiguration(f"{self.label}: no access token or credentials stored")
        return self._token

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}"}

    def token_request(
        self, url: str, form: Mapping[str, str], *, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """An OAuth 2.0 token endpoint call (form-encoded); refusals mean reconnecting."""
        body = urlencode(form).encode()
        sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        try:
            response = self.http.request("POST", url, headers=sent, body=body)
        except UnsafeUrl as error:
            raise InvalidConfiguration(str(error)) from error
        except HttpError as error:
            raise SourceUnavailable(f"{self.label}: token endpoint failed: {error}") from error
        data = read_json(response)
        if response.status in (400, 401, 403):
            reason = data.get("error", "") if isinstance(data, Mapping) else ""
            raise CredentialsRejected(
                f"{self.label}: the platform refused to renew the token "
                f"({reason or response.status}). {self.renew_hint}"
            )
        token = data.get("access_token") if isinstance(data, Mapping) else None
        if response.status != 200 or not isinstance(token, str) or not token:
            raise SourceUnavailable(f"{self.label}: no token from {url} (HTTP {response.status})")
        assert isinstance(data, dict)
        return data

    def refresh_grant(
        self, url: str, *, client_secret: bool = True, headers: Mapping[str, str] | None = None
    ) -> dict[str, Any]:
        """The OAuth 2.0 refresh-token grant, keeping the new refresh token where it rotates."""
        form = {
            "grant_type": "refresh_token",
            "refresh_token": self.secrets["refresh_token"],
            "client_id": self.secrets["client_id"],
        }
        if client_secret:
            form["client_secret"] = self.secrets["client_secret"]
        data = self.token_request(url, form, headers=headers)
        # Where refresh tokens rotate (X, Slack), the old one stops working once this is issued.
        if isinstance(data.get("refresh_token"), str):
            self.renewed_secrets["refresh_token"] = data["refresh_token"]
            self.secrets["refresh_token"] = data["refresh_token"]
        return data

    # --- calls --------------------------------------------------------------------------------

    def classify(self, response: HttpResponse, data: Any) -> Problem | None:
        """The platform's verdict on a response; platforms override for their error format."""
        status = response.status
        if status == 401:
            return Problem(Trouble.EXPIRED, f"HTTP 401 from {self.label}")
        if status == 403:
            return Problem(Trouble.PERMISSION, f"HTTP 403 from {self.label}: permission refused")
        if status == 429:
            wait = rate_limit_wait(response.headers, self.http.wall_clock(), spent_only=False)
            return Problem(Trouble.RATE, f"{self.label} rate limit reached", wait)
        if status == 404:
            return Problem(Trouble.CONFIGURATION, f"HTTP 404 from {response.url}")
        if status >= 500:
            return Problem(Trouble.UNAVAILABLE, f"HTTP {status} from {self.label}")
        if status >= 400:
            return Problem(Trouble.CONFIGURATION, f"HTTP {status} from {response.url}")
        return None

    def observe(self, response: HttpResponse, data: Any) -> None:
        """Hook for meters read from every answer (usage headers, budgets)."""

    def call(
        self,
        url: str,
        *,
        method: str = "GET",
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        authenticated: bool = True,
    ) -> Any:
        target = with_query(url, params)
        for attempt in range(2):
            sent = {**(self.auth_headers() if authenticated else {}), **(headers or {})}
            try:
                response = self.http.request(method, target, headers=sent, body=body)
            except RateLimited as error:
                raise SourceUnavailable(f"{self.label}: {error}") from error
            except UnsafeUrl as error:
                raise InvalidConfiguration(str(error)) from error
            except HttpError as error:
                raise SourceUnavailable(f"{self.label}: {error}") from error
            data = read_json(response)
            self.observe(response, data)
            problem = self.classify(response, None if data is MALFORMED else data)
            if problem is None:
                if data is MALFORMED:
                    raise SourceUnavailable(
                        f"{self.label}: malformed or truncated JSON from {response.url}"
                    )
                return data
            renewable = authenticated and attempt == 0 and self.can_renew()
            if problem.trouble is Trouble.EXPIRED and renewable:
                self._token = self.renew_token()
                continue
            raise self._error(problem)
        raise SourceUnavailable(f"{self.label}: the renewed token was refused too")

    def _error(self, problem: Problem) -> ConnectorError:
        if problem.trouble is Trouble.EXPIRED:
            return CredentialsRejected(f"{problem.message}. {self.renew_hint}")
        if problem.trouble is Trouble.PERMISSION:
            return CredentialsRejected(
                f"{problem.message}. Grant the permissions listed for {self.label} in "
                "PLATFORMS.md and reconnect."
            )
        if problem.trouble is Trouble.RATE:
            when = (
                f"; resets in {problem.wait_seconds:.0f}s"
                if problem.wait_seconds is not None
                else ""
            )
            return SourceUnavailable(f"{problem.message}{when}")
        if problem.trouble is Trouble.CONFIGURATION:
            return InvalidConfiguration(problem.message)
        return SourceUnavailable(problem.message)
