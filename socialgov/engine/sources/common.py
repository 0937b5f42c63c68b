"""Helpers shared by the API connectors: JSON calls with errors mapped to connector errors,
config checks, and the Link header."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

from socialgov.engine.sources.base import (
    ConnectorError,
    CredentialsRejected,
    InvalidConfiguration,
    SourceUnavailable,
)
from socialgov.engine.sources.http import HttpClient, HttpError, RateLimited, UnsafeUrl


def get_json(
    http: HttpClient,
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[Any, Mapping[str, str]]:
    try:
        response = http.get(url, params=params, headers=headers)
    except RateLimited as error:
        raise SourceUnavailable(str(error)) from error
    except UnsafeUrl as error:
        raise InvalidConfiguration(str(error)) from error
    except HttpError as error:
        raise SourceUnavailable(str(error)) from error
    if response.status in (401, 403):
        raise CredentialsRejected(f"HTTP {response.status} from {url}: credentials refused")
    if response.status >= 400:
        raise ConnectorError(f"HTTP {response.status} from {url}")
    try:
        return response.json(), response.headers
    except HttpError as error:
        raise SourceUnavailable(str(error)) from error


def require_https_base(value: Any, *, name: str = "server") -> str:
    """A base URL like https://mastodon.social (http only for local test servers)."""
    if not isinstance(value, str):
        raise InvalidConfiguration(f"{name} must be a URL")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidConfiguration(f"{name} must be an http(s) URL, got {value!r}")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise InvalidConfiguration(f"{name} must be a plain base URL")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def require_http_url(value: Any, *, name: str = "URL") -> str:
    """A full http(s) URL (path and query allowed, credentials and fragments not)."""
    if not isinstance(value, str) or len(value) > 1000:
        raise InvalidConfiguration(f"{name} must be a URL of at most 1000 characters")
    parts = urlsplit(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidConfiguration(f"{name} must be an http(s) URL, got {value[:100]!r}")
    if parts.username or parts.password:
        raise InvalidConfiguration(f"{name} must not hold credentials")
    return parts._replace(fragment="").geturl()


def string_list(config: Mapping[str, Any], key: str, *, limit: int = 50) -> list[str]:
    value = config.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InvalidConfiguration(f"{key} must be a list of strings")
    cleaned = [item.strip() for item in value if item.strip()]
    if len(cleaned) > limit:
        raise InvalidConfiguration(f"{key} holds more than {limit} entries")
    return cleaned


_LINK = re.compile(r'<([^>]*)>\s*;\s*rel="?([a-z]+)"?')


def link_param(headers: Mapping[str, str], rel: str, param: str) -> str:
    """A query parameter of the Link header's `rel` target (Mastodon's pagination)."""
    for url, found_rel in _LINK.findall(headers.get("link", "")):
        if found_rel == rel:
            values = parse_qs(urlsplit(url).query).get(param)
            if values:
                return str(values[0])
    return ""


def bearer(secrets: Mapping[str, str], name: str = "access_token") -> dict[str, str]:
    token = secrets.get(name, "")
    return {"Authorization": f"Bearer {token}"} if token else {}
