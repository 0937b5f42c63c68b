"""Issue 18: a second factor, once set up, is asked on every way in; some roles must set one up."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.test import Client

from socialgov.core.models import User

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PASSWORD = "correct horse battery"


def with_totp(user: User) -> User:
    TOTP.activate(user, SECRET)
    return user


def current_code() -> str:
    return format_hotp_value(hotp_value(SECRET, int(time.time()) // 30))


def test_the_token_endpoint_refuses_the_password_alone_once_totp_is_on(api, teammate) -> None:
    with_totp(teammate)
    response = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD})
    assert response.status_code == 400
    assert "code" in response.json()
    assert "token" not in response.json()


def test_the_token_endpoint_refuses_a_wrong_code(api, teammate) -> None:
    with_totp(teammate)
    wrong = "000000" if current_code() != "000000" else "111111"
    response = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD, "code": wrong})
    assert response.status_code == 400
    assert "code" in response.json()


def test_the_token_endpoint_gives_a_token_for_password_and_code(api, teammate) -> None:
    with_totp(teammate)
    response = api.post(
        TOKEN_URL, {"username": "teammate", "password": PASSWORD, "code": current_code()}
    )
    assert response.status_code == 200
    assert response.json()["token"]


def test_a_totp_code_is_not_accepted_twice(api, teammate) -> None:
    with_totp(teammate)
    code = current_code()
    first = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD, "code": code})
    again = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD, "code": code})
    assert (first.status_code, again.status_code) == (200, 400)


def test_without_a_second_factor_the_password_still_gives_a_token(api, teammate) -> None:
    response = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD})
    assert response.status_code == 200


def _staff_with_totp(admin_user: User) -> User:
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    return with_totp(admin_user)


def test_the_admin_login_with_a_password_only_gives_no_admin_session(admin_user) -> None:
    _staff_with_totp(admin_user)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "admin", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert client.get("/admin/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_is_reached_through_the_login_and_its_second_factor(admin_user) -> None:
    _staff_with_totp(admin_user)
    client = Client()
    response = client.post("/accounts/login/", {"login": "admin", "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302
    client.post("/accounts/2fa/authenticate/", {"code": current_code()})
    assert client.get("/admin/").status_code == 200


def test_a_role_that_needs_a_second_factor_is_sent_to_set_one_up(lead, settings) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    client = Client()
    client.force_login(lead)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/"
    assert client.get("/api/v1/tasks/").status_code == 403
    assert client.get("/accounts/2fa/").status_code == 200


def test_once_the_second_factor_is_set_up_the_app_opens(lead, settings) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    client = Client()
    client.force_login(with_totp(lead))
    assert client.get("/").status_code == 200


def test_roles_outside_the_setting_are_not_asked(teammate, settings) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    client = Client()
    client.force_login(teammate)
    assert client.get("/").status_code == 200


def test_the_token_endpoint_refuses_a_role_that_needs_a_second_factor_without_one(
    api, lead, settings
) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    response = api.post(TOKEN_URL, {"username": "lead", "password": PASSWORD})
    assert response.status_code == 400
    assert "code" in response.json()


def _required_roles(env: dict[str, str]) -> str:
    script = "from django.conf import settings; print(settings.SOCIALGOV_MFA_REQUIRED_ROLES)"
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_production_requires_a_second_factor_of_the_governing_roles_and_the_demo_does_not(
    tmp_path,
) -> None:
    production = {
        "SOCIALGOV_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECRET_KEY": "test-only",
    }
    assert _required_roles(production) == "['admin', 'governance_lead', 'analyst', 'auditor']"
    assert _required_roles({"SOCIALGOV_DATA_DIR": str(tmp_path)}) == "[]"
    assert _required_roles({**production, "SOCIALGOV_MFA_REQUIRED_ROLES": "none"}) == "[]"
