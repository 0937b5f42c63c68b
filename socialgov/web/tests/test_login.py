from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_style_login_opens_the_dashboard(client, teammate):
    response = client.post(
        "/accounts/login/", {"login": "teammate", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_logging_in_with_the_e_mail_address_works_too(client, teammate):
    response = client.post(
        "/accounts/login/", {"login": teammate.email, "password": "correct horse battery"}
    )
    assert response.status_code == 302


def test_repeated_failed_logins_are_throttled(client, teammate):
    for _ in range(6):
        client.post("/accounts/login/", {"login": "teammate", "password": "wrong"})
    # Even the right password is refused while throttled.
    response = client.post(
        "/accounts/login/", {"login": "teammate", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert client.get("/").status_code == 302


def test_a_leaver_cannot_log_in(client, teammate):
    from socialgov.core.services import person_deactivate

    person_deactivate(actor=None, person=teammate.person)
    response = client.post(
        "/accounts/login/", {"login": "teammate", "password": "correct horse battery"}
    )
    assert response.status_code != 302 or "/accounts/inactive/" in response["Location"]
    assert client.get("/").status_code == 302


def test_every_user_can_set_up_totp(client, teammate):
    client.force_login(teammate)
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302 and "/reauthenticate/" in response["Location"]:
        # Setting up a second factor asks for the password again first.
        response = client.post(response["Location"], {"password": "correct horse battery"})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    assert b"otpauth://" in response.content or b"svg" in response.content


def test_self_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert b'name="password1"' not in response.content
