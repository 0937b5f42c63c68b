"""Issue 18: a security key or passkey (WebAuthn) counts as a second factor like TOTP does.

The key itself is made by a real browser in test_browser_passkey.py; here an authenticator row
stands for one, since these rules only ask which kinds of factor a user has.
"""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from socialgov.core.models import User

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"
PASSWORD = "correct horse battery"


def with_security_key(user: User) -> User:
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.WEBAUTHN, data={"name": "key", "credential": {}}
    )
    return user


def test_a_role_that_needs_a_second_factor_is_satisfied_by_a_security_key(lead, settings) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    client = Client()
    client.force_login(with_security_key(lead))
    assert client.get("/").status_code == 200


def test_the_set_up_page_a_role_is_sent_to_offers_a_security_key(lead, settings) -> None:
    settings.SOCIALGOV_MFA_REQUIRED_ROLES = ["governance_lead"]
    client = Client()
    client.force_login(lead)
    page = client.get("/", follow=True)
    assert page.redirect_chain[-1][0] == "/accounts/2fa/"
    assert b"/accounts/2fa/webauthn/" in page.content


def test_the_token_endpoint_refuses_the_password_alone_once_a_security_key_is_on(
    api, teammate
) -> None:
    with_security_key(teammate)
    response = api.post(TOKEN_URL, {"username": "teammate", "password": PASSWORD})
    assert response.status_code == 400
    assert "security key or passkey" in response.json()["code"][0]


def test_the_login_page_offers_a_passkey(client) -> None:
    page = client.get("/accounts/login/")
    assert b'id="passkey_login"' in page.content
    assert b'action="/accounts/2fa/webauthn/login/"' in page.content
