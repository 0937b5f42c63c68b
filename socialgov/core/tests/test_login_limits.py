"""Issue 18: failed sign-ins are limited on the real client address, in the shared cache, the
same on every way in, with delays that grow instead of a lock a stranger can trigger."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from typing import Any

import pytest
from allauth.account.adapter import get_adapter
from django.test import Client, RequestFactory
from django.utils import timezone

from socialgov.core import login_limits
from socialgov.core.tests.test_mfa import PASSWORD, TOKEN_URL, current_code, with_totp

pytestmark = pytest.mark.django_db
LOGIN_URL = "/accounts/login/"
REFUSED = b"Too many failed login attempts"


def _login(client: Client, password: str, **extra: Any) -> bytes:
    response = client.post(LOGIN_URL, {"login": "teammate", "password": password}, **extra)
    return b"302" if response.status_code == 302 else response.content


def test_guessing_from_one_address_waits_longer_after_each_failure(time_machine) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        login_limits.record_failure(request, "teammate")
    assert login_limits.retry_after(request, "teammate") == 0
    login_limits.record_failure(request, "teammate")
    assert login_limits.retry_after(request, "teammate") == 15
    login_limits.record_failure(request, "teammate")
    assert login_limits.retry_after(request, "teammate") == 30
    time_machine.shift(dt.timedelta(seconds=31))
    assert login_limits.retry_after(request, "teammate") == 0


def test_a_stranger_failing_from_many_addresses_cannot_lock_the_owner_out(
    teammate, time_machine
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    stranger = Client()
    for number in range(40):
        _login(stranger, "guess", REMOTE_ADDR=f"198.51.100.{number}")
    # Guesses at the account from anywhere are slowed down, by seconds only.
    assert login_limits.retry_after(RequestFactory().post("/"), "teammate") <= 30
    time_machine.shift(dt.timedelta(seconds=31))
    assert _login(Client(), PASSWORD, REMOTE_ADDR="192.0.2.10") == b"302"


def test_many_addresses_guessing_at_one_account_are_slowed_down(teammate, time_machine) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    stranger = Client()
    answers = [
        _login(stranger, "guess", REMOTE_ADDR=f"198.51.100.{number}") for number in range(25)
    ]
    assert REFUSED in answers[-1]


def test_a_rotated_forwarded_for_does_not_escape_the_html_login_limit(teammate) -> None:
    client = Client()
    for number in range(6):
        _login(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    assert REFUSED in _login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")


def test_behind_a_trusted_proxy_the_address_it_forwarded_counts(settings) -> None:
    factory = RequestFactory()
    request = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8")
    assert login_limits.client_address(request) == "10.0.0.1"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert login_limits.client_address(request) == "5.6.7.8"


def test_the_throttles_and_allauth_see_the_same_client_address(settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 2}
    request = RequestFactory().post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")
    # allauth's own rule raises ImproperlyConfigured (a server error) on too few hops.
    assert get_adapter().get_client_ip(request) == "1.2.3.4"
    assert login_limits.client_address(request) == "1.2.3.4"  # DRF's get_ident, as throttles key


def test_failures_on_the_token_endpoint_count_on_the_html_login(api, teammate) -> None:
    for _ in range(5):
        assert api.post(TOKEN_URL, {"username": "teammate", "password": "x"}).status_code == 400
    assert REFUSED in _login(Client(), PASSWORD)


def test_failures_on_the_html_login_count_on_the_token_endpoint(api, teammate) -> None:
    client = Client()
    for _ in range(5):
        _login(client, "wrong")
    response = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD})
    assert response.status_code == 429


def test_wrong_totp_codes_count_as_failed_sign_ins(api, teammate) -> None:
    with_totp(teammate)
    wrong = "000000" if current_code() != "000000" else "111111"
    for _ in range(5):
        api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD, "code": wrong})
    right = {"username": "teammate", "password": PASSWORD, "code": current_code()}
    assert api.post(TOKEN_URL, right).status_code == 429


def _in_a_process(script: str, env: dict[str, str]) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_CACHE_URL"}}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


FAIL_SIX_TIMES = (
    "from django.test import RequestFactory; from socialgov.core import login_limits; "
    "r = RequestFactory().post('/', REMOTE_ADDR='203.0.113.9'); "
    "[login_limits.record_failure(r, 'lead') for _ in range(6)]"
)
READ_THE_WAIT = (
    "from django.test import RequestFactory; from socialgov.core import login_limits; "
    "print(login_limits.retry_after(RequestFactory().post('/', REMOTE_ADDR='203.0.113.9'), 'lead'))"
)


@pytest.mark.parametrize("cache", ["database", pytest.param("redis", marks=pytest.mark.redis)])
def test_two_processes_share_the_failure_count(tmp_path, cache: str) -> None:
    env = {"SOCIALGOV_DATA_DIR": str(tmp_path)}
    if cache == "redis":
        env["REDIS_CACHE_URL"] = os.environ["SOCIALGOV_TEST_REDIS_URL"]
        _in_a_process("from django.core.cache import cache; cache.clear()", env)
    else:
        _in_a_process(
            "from django.core.management import call_command; call_command('createcachetable')", env
        )
    assert _in_a_process(READ_THE_WAIT, env) == "0"
    _in_a_process(FAIL_SIX_TIMES, env)
    assert int(_in_a_process(READ_THE_WAIT, env)) > 15


def test_the_forwarded_proto_header_is_believed_only_behind_a_trusted_proxy(tmp_path) -> None:
    script = (
        "from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    env = {"SOCIALGOV_DATA_DIR": str(tmp_path)}
    assert _in_a_process(script, env) == "None"
    behind = _in_a_process(script, {**env, "SOCIALGOV_TRUSTED_PROXIES": "1"})
    assert behind == "('HTTP_X_FORWARDED_PROTO', 'https')"
