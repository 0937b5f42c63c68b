"""Connector credentials encrypted at rest with Fernet (AES-128-CBC + HMAC-SHA256, from the
`cryptography` package).

The key comes from SOCIALGOV_SECRETS_KEY (one or more comma-separated Fernet keys; the first
encrypts, all decrypt, so keys can be rotated). In embedded mode without it, a key is generated
once into the data directory, readable by its owner only. A production deployment without the
variable refuses to store or read secrets instead of inventing a key nobody backs up.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class SecretsUnreadable(Exception):
    """The stored secrets do not decrypt with the configured key (wrong or rotated away)."""


def _embedded_key() -> str:
    path = Path(settings.DATA_DIR) / "secrets_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(Fernet.generate_key().decode())
    path.chmod(0o600)
    return path.read_text().strip()


@cache
def _fernet(keys: str) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.strip()) for key in keys.split(",") if key.strip()])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            "SOCIALGOV_SECRETS_KEY must be Fernet keys (Fernet.generate_key())"
        ) from error


def fernet() -> MultiFernet:
    keys = settings.SOCIALGOV_SECRETS_KEY
    if not keys:
        if not (settings.EMBEDDED or settings.DEBUG):
            raise ImproperlyConfigured("SOCIALGOV_SECRETS_KEY must be set to store secrets")
        keys = _embedded_key()
    return _fernet(keys)


def encrypt_json(values: dict[str, Any]) -> str:
    return fernet().encrypt(json.dumps(values, sort_keys=True).encode()).decode()


def decrypt_json(token: str) -> dict[str, Any]:
    try:
        data = json.loads(fernet().decrypt(token.encode()))
    except InvalidToken as error:
        raise SecretsUnreadable(
            "stored secrets cannot be decrypted with the configured key"
        ) from error
    return data if isinstance(data, dict) else {}


def encrypt_text(value: str) -> str:
    return fernet().encrypt(value.encode()).decode() if value else ""


def decrypt_text(token: str) -> str:
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise SecretsUnreadable(
            "stored secret cannot be decrypted with the configured key"
        ) from error
