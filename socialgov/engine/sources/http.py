"""A small HTTP client for connectors: guarded addresses, size and time limits, redirects
checked hop by hop, retries with jittered back-off, and the platforms' rate-limit headers.

Written on the standard library's http.client (rather than requests or httpx) because the
address guard must choose the socket: the check and the connection use the same resolved
address. Connectors never build their own connections.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import http.client
import json
import logging
import random
import socket
import ssl
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

from socialgov.engine.sources.addresses import AddressGuard, BlockedAddress

logger = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "socialgov-monitoring/0.1 (+https://github.com/socialgov)"


class HttpError(Exception):
    """A request failed for good; `status` is the last HTTP status (0: no answer)."""

    def __init__(self, message: str, *, status: int = 0, retry_at: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_at = retry_at


class ResponseTooLarge(HttpError):
    pass


class UnsafeUrl(HttpError):
    pass


class RateLimited(HttpError):
    """The platform asks to wait longer than the client may sleep; retry after `retry_at`."""


class DeadlineExceeded(HttpError):
    """The whole request (connect, headers and body) took longer than the client's deadline;
    not retried: a server that drips bytes does not get faster."""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        try:
            return json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise HttpError(
                f"malformed JSON from {self.url}: {error}", status=self.status
            ) from error


@dataclass
class RetryPolicy:
    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    # A Retry-After or rate-limit reset longer than this is not slept through: the connector
    # stops and the worker comes back after it.
    max_wait: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Full jitter: spreads retries from many workers instead of synchronising them."""
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


def parse_retry_after(value: str, now: float) -> float | None:
    """Seconds to wait from a Retry-After header (delta seconds or an HTTP date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - now)


def parse_rate_limit_reset(value: str, now: float) -> float | None:
    """Seconds until a rate-limit window resets: epoch seconds (Bluesky), an ISO 8601 time
    (Mastodon) or delta seconds (small numbers)."""
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        try:
            when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        return max(0.0, when.timestamp() - now)
    if number > 1_000_000_000:
        return max(0.0, number - now)
    return max(0.0, number)


# (remaining, reset) header pairs: the IETF draft, GitHub-style (Mastodon, Bluesky, Reddit),
# and X's hyphenated form.
RATE_LIMIT_HEADERS = (
    ("x-ratelimit-remaining", "x-ratelimit-reset"),
    ("ratelimit-remaining", "ratelimit-reset"),
    ("x-rate-limit-remaining", "x-rate-limit-reset"),
)


def rate_limit_wait(headers: Mapping[str, str], now: float, *, spent_only: bool) -> float | None:
    """Seconds until the platform's rate-limit window resets, from whichever header pair it
    sends; with `spent_only`, only when the remaining budget is zero (Reddit counts in
    fractions, "0.0")."""
    for remaining_name, reset_name in RATE_LIMIT_HEADERS:
        remaining = headers.get(remaining_name, "").strip()
        reset = headers.get(reset_name, "")
        if not remaining and not reset:
            continue
        if spent_only:
            try:
                if not float(remaining) < 1:
                    return None
            except ValueError:
                return None
        return parse_rate_limit_reset(reset, now)
    return None


@dataclass
class HttpClient:
    guard: AddressGuard = field(default_factory=AddressGuard)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float = 15.0  # per socket operation
    deadline: float = 30.0  # per request attempt, from connect to the last byte
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    sleep: Callable[[float], None] = time.sleep
    wall_clock: Callable[[], float] = time.time
    # When the platform said its budget is spent: host -> wall time it resets.
    _quiet_until: dict[str, float] = field(default_factory=dict)

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        if params:
            query = urlencode([(k, v) for k, v in params.items() if v not in (None, "")], True)
            if query:
                url = f"{url}{'&' if '?' in url else '?'}{query}"
        return self.request("GET", url, headers=headers)

    def post_json(
        self, url: str, payload: Any, *, headers: Mapping[str, str] | None = None
    ) -> HttpResponse:
        body = json.dumps(payload).encode()
        merged = {"Content-Type": "application/json", **(headers or {})}
        return self.request("POST", url, headers=merged, body=body)

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> HttpResponse:
        last: HttpError | None = None
        for attempt in range(self.retry.attempts):
            self._wait_for_budget(url)
            try:
                response = self._follow(method, url, dict(headers or {}), body)
            except (UnsafeUrl, ResponseTooLarge, DeadlineExceeded):
                raise
            except HttpError as error:  # no answer: connection refused, reset, timed out
                last = error
                self.sleep(self.retry.backoff(attempt))
                continue
            self._note_rate_limit(response)
            if response.status not in RETRY_STATUSES:
                return response
            wait = parse_retry_after(response.header("retry-after"), self.wall_clock())
            if wait is None and response.status == 429:
                # X and Reddit announce the window's reset instead of a Retry-After.
                wait = rate_limit_wait(response.headers, self.wall_clock(), spent_only=False)
            message = f"HTTP {response.status} from {response.url}"
            if wait is not None and wait > self.retry.max_wait:
                raise RateLimited(
                    f"{message}; asked to wait {wait:.0f}s",
                    status=response.status,
                    retry_at=self.wall_clock() + wait,
                )
            last = HttpError(message, status=response.status)
            if attempt + 1 < self.retry.attempts:
                delay = wait if wait is not None else self.retry.backoff(attempt)
                logger.info("%s; retrying in %.1fs", message, delay)
                self.sleep(delay)
        assert last is not None
        raise last

    def _wait_for_budget(self, url: str) -> None:
        host = urlsplit(url).netloc
        until = self._quiet_until.get(host)
        if until is None:
            return
        wait = until - self.wall_clock()
        if wait > self.retry.max_wait:
            raise RateLimited(f"rate limit of {host} spent; resets in {wait:.0f}s", retry_at=until)
        if wait > 0:
            self.sleep(wait)
        self._quiet_until.pop(host, None)

    def _note_rate_limit(self, response: HttpResponse) -> None:
        wait = rate_limit_wait(response.headers, self.wall_clock(), spent_only=True)
        if wait is not None:
            self._quiet_until[urlsplit(response.url).netloc] = self.wall_clock() + wait

    def _follow(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> HttpResponse:
        origin = urlsplit(url).netloc
        for _hop in range(self.max_redirects + 1):
            response = self._once(method, url, headers, body)
            if response.status not in REDIRECT_STATUSES:
                return response
            location = response.header("location")
            if not location:
                return response
            url = urljoin(url, location)
            if urlsplit(url).netloc != origin:
                # Credentials are for the host they were given to.
                headers = {k: v for k, v in headers.items() if k.lower() != "authorization"}
            if response.status == 303:
                method, body = "GET", None
        raise HttpError(f"more than {self.max_redirects} redirects from {url}")

    def _once(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None
    ) -> HttpResponse:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise UnsafeUrl(f"only http and https URLs are fetched, not {parts.scheme!r}")
        if parts.username or parts.password:
            raise UnsafeUrl("URLs with credentials in them are refused")
        host = parts.hostname or ""
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise UnsafeUrl(f"bad port in {url!r}") from error
        connection = _connection(parts.scheme, host, port, self.guard, self.timeout)
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        sent = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity", **headers}
        watchdog = _Watchdog(connection, self.deadline)
        try:
            connection.request(method, path, body=body, headers=sent)
            raw = connection.getresponse()
            declared = raw.getheader("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise ResponseTooLarge(
                    f"{url} announces {declared} bytes, more than {self.max_bytes}",
                    status=raw.status,
                )
            body_read = self._read_body(raw, url, watchdog)
            if watchdog.expired:  # the watchdog's shutdown reads as an early end of the answer
                raise DeadlineExceeded(f"{url} took longer than {self.deadline:.0f}s")
            response_headers = {name.lower(): value for name, value in raw.getheaders()}
            return HttpResponse(raw.status, response_headers, body_read, url)
        except BlockedAddress as error:
            raise UnsafeUrl(str(error)) from error
        except (OSError, http.client.HTTPException, ValueError) as error:
            if watchdog.expired:
                raise DeadlineExceeded(f"{url} took longer than {self.deadline:.0f}s") from error
            raise HttpError(f"{method} {url} failed: {error}") from error
        finally:
            watchdog.cancel()
            connection.close()

    def _read_body(self, raw: http.client.HTTPResponse, url: str, watchdog: _Watchdog) -> bytes:
        """Read in pieces of whatever each socket read brings (read1), so the deadline is
        checked after every read, not only after 64 KiB that a dripping server never fills."""
        chunks: list[bytes] = []
        size = 0
        while chunk := raw.read1(65536):
            size += len(chunk)
            if size > self.max_bytes:
                raise ResponseTooLarge(f"{url} sent more than {self.max_bytes} bytes")
            if watchdog.expired or watchdog.remaining() <= 0:
                raise DeadlineExceeded(f"{url} took longer than {self.deadline:.0f}s")
            chunks.append(chunk)
        return b"".join(chunks)


class _Watchdog:
    """Shuts the connection's socket when the request's deadline passes, which wakes a read
    blocked on a server that sends one byte just before every socket timeout."""

    def __init__(self, connection: http.client.HTTPConnection, seconds: float) -> None:
        self.connection = connection
        self.ends_at = time.monotonic() + seconds
        self.expired = False
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.ends_at - time.monotonic()

    def _expire(self) -> None:
        self.expired = True
        sock = self.connection.sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, guard: AddressGuard, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._guard = guard

    def connect(self) -> None:
        self.sock = self._guard.connect(self.host, self.port, self.timeout or 15.0)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, guard: AddressGuard, timeout: float) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self._tls)
        self._guard = guard

    def connect(self) -> None:
        sock = self._guard.connect(self.host, self.port, self.timeout or 15.0)
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def _connection(
    scheme: str, host: str, port: int, guard: AddressGuard, timeout: float
) -> http.client.HTTPConnection:
    if scheme == "https":
        return _GuardedHTTPSConnection(host, port, guard, timeout)
    return _GuardedHTTPConnection(host, port, guard, timeout)
