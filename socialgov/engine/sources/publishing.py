"""The small protocol a platform client implements to post on the organisation's behalf.

A publisher takes plain data (the text, the post it answers, an idempotency key) and returns
the platform's id and link of the new post, or raises `PublishError` saying whether trying
again later can help. No Django here: the publishing app wraps these in its own state machine.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .http import HttpClient, HttpError, HttpResponse, RateLimited


@dataclass(frozen=True, slots=True)
class PublishRequest:
    text: str
    idempotency_key: str
    reply_to: str = ""


@dataclass(frozen=True, slots=True)
class PublishResult:
    external_id: str
    url: str = ""


class PublishError(Exception):
    """Publishing failed. `retryable` says whether a later attempt may succeed; `retry_at` is
    the wall time the platform asked to wait for; `duplicate` marks the platform refusing the
    same content twice (the post is then not sent again)."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 0,
        retryable: bool = False,
        retry_at: float | None = None,
        duplicate: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.retryable = retryable
        self.retry_at = retry_at
        self.duplicate = duplicate


class Publisher(Protocol):
    platform: str

    def publish(self, request: PublishRequest) -> PublishResult: ...


def platform_message(response: HttpResponse) -> str:
    """The platform's own words about a failure, short and without the request's secrets."""
    try:
        data = response.json()
    except ValueError:
        return response.body[:200].decode("utf-8", "replace")
    if isinstance(data, dict):
        for key in ("message", "detail", "error", "title"):
            value = data.get(key)
            if isinstance(value, dict):
                value = value.get("message")
            if isinstance(value, str) and value:
                return value[:300]
    return str(data)[:200]


def send(http: HttpClient, url: str, payload: Any, headers: Mapping[str, str]) -> HttpResponse:
    """POST `payload`; transport failures and rate limits become `PublishError`s."""
    try:
        return http.post_json(url, payload, headers=headers)
    except RateLimited as error:
        raise PublishError(
            str(error), status=error.status, retryable=True, retry_at=error.retry_at
        ) from error
    except HttpError as error:
        retryable = error.status == 0 or error.status >= 500 or error.status == 429
        raise PublishError(str(error), status=error.status, retryable=retryable) from error


def refuse(response: HttpResponse, *, duplicate: bool = False) -> PublishError:
    """A `PublishError` for a 4xx answer: authentication, permission and validation errors do
    not improve by trying again."""
    status = response.status
    return PublishError(
        f"HTTP {status}: {platform_message(response)}",
        status=status,
        retryable=status == 429,
        duplicate=duplicate,
    )


PublisherFactory = Callable[[Mapping[str, Any], Mapping[str, Any], HttpClient], Publisher]
_FACTORIES: dict[str, PublisherFactory] = {}
# Images per post: a platform without a publisher gets the most common limit.
DEFAULT_MAX_MEDIA = 4
_MAX_MEDIA: dict[str, int] = {}


def register_publisher(
    platform: str, factory: PublisherFactory, *, max_media: int = DEFAULT_MAX_MEDIA
) -> None:
    _FACTORIES[platform] = factory
    _MAX_MEDIA[platform] = max_media


def versioned_factory(
    publisher: Callable[[str, str, HttpClient, str, str], Publisher],
    *,
    accounts: str,
    base_url: str,
    version: str,
) -> PublisherFactory:
    """The factory of a publisher for a versioned API (Graph, LinkedIn): it posts as the first
    of the connector's `accounts`, with the access token, `api_base` and `api_version`."""

    def factory(
        config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient
    ) -> Publisher:
        configured = config.get(accounts) or [""]
        return publisher(
            str(configured[0]),
            str(secrets.get("access_token", "")),
            http,
            str(config.get("api_base") or base_url),
            str(config.get("api_version") or version),
        )

    return factory


def max_media_for(platform: str) -> int:
    """How many images one post may carry on `platform`."""
    _load()
    return _MAX_MEDIA.get(platform, DEFAULT_MAX_MEDIA)


def can_publish(platform: str) -> bool:
    _load()
    return platform in _FACTORIES


def build_publisher(
    platform: str, config: Mapping[str, Any], secrets: Mapping[str, Any], http: HttpClient
) -> Publisher:
    _load()
    try:
        factory = _FACTORIES[platform]
    except KeyError:
        raise PublishError(f"no publisher for platform {platform!r}") from None
    return factory(config, secrets, http)


def _load() -> None:
    # By path: the platform modules import this one to register themselves.
    for package in ("bluesky", "mastodon", "x", "meta", "linkedin"):
        importlib.import_module(f"socialgov.engine.sources.{package}.publish")
