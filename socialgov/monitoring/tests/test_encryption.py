from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from socialgov.monitoring.encryption import (
    SecretsUnreadable,
    decrypt_json,
    encrypt_json,
)


def test_secrets_round_trip_and_the_token_does_not_show_them() -> None:
    token = encrypt_json({"access_token": "abc123"})
    assert "abc123" not in token
    assert decrypt_json(token) == {"access_token": "abc123"}


def test_a_rotated_key_still_reads_old_tokens(settings) -> None:
    old = settings.SOCIALGOV_SECRETS_KEY
    token = encrypt_json({"k": "v"})
    settings.SOCIALGOV_SECRETS_KEY = f"{Fernet.generate_key().decode()},{old}"
    assert decrypt_json(token) == {"k": "v"}


def test_a_wrong_key_is_a_clear_error(settings) -> None:
    token = encrypt_json({"k": "v"})
    settings.SOCIALGOV_SECRETS_KEY = Fernet.generate_key().decode()
    with pytest.raises(SecretsUnreadable):
        decrypt_json(token)


def test_production_without_a_key_refuses_instead_of_inventing_one(settings) -> None:
    settings.SOCIALGOV_SECRETS_KEY = ""
    settings.EMBEDDED = False
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        encrypt_json({"k": "v"})


def test_embedded_mode_generates_a_private_key_file(settings, tmp_path) -> None:
    settings.SOCIALGOV_SECRETS_KEY = ""
    settings.EMBEDDED = True
    settings.DATA_DIR = tmp_path
    assert decrypt_json(encrypt_json({"k": "v"})) == {"k": "v"}
    assert (tmp_path / "secrets_key").stat().st_mode & 0o777 == 0o600
