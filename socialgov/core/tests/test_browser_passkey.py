"""Issue 18, in Chromium: a passkey is registered on the security page through the browser's
WebAuthn API (Chrome's virtual authenticator over CDP stands in for the key), then signs in
by itself from the login page, under the app's Content-Security-Policy."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator

from socialgov.core.models import User
from socialgov.web.tests.browser import PASSWORD, browser_log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
KEY_NAME = "Laptop passkey"


def _virtual_authenticator(page) -> dict[str, object]:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return {"cdp": cdp, "id": added["authenticatorId"]}


def test_a_passkey_added_on_the_security_page_signs_in_by_itself(
    live_server, browser, teammate: User
) -> None:
    page = browser_log_in(browser, live_server.url, "teammate", path="/accounts/2fa/")
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    authenticator = _virtual_authenticator(page)
    page.wait_for_selector("h1")
    page.click('a[href="/accounts/2fa/webauthn/add/"]')
    # Adding a key asks for the password again first (allauth's reauthentication).
    page.wait_for_url("**/accounts/reauthenticate/**")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/webauthn/add/")
    page.get_by_label("Name").fill(KEY_NAME)
    page.get_by_label("Passwordless").check()
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)

    key = Authenticator.objects.get(user=teammate, type=Authenticator.Type.WEBAUTHN)
    assert key.data["name"] == KEY_NAME
    credentials = authenticator["cdp"].send(  # type: ignore[attr-defined]
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["id"]}
    )["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"]

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("#passkey_login")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Security").is_visible()
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert not violations, violations


def test_with_a_security_key_the_password_alone_does_not_sign_in(
    live_server, browser, teammate: User
) -> None:
    page = browser_log_in(browser, live_server.url, "teammate", path="/accounts/2fa/")
    authenticator = _virtual_authenticator(page)
    page.click('a[href="/accounts/2fa/webauthn/add/"]')
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill(KEY_NAME)
    page.click("#mfa_webauthn_add")
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    assert Authenticator.objects.filter(user=teammate, type="webauthn").exists()

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username or e-mail").fill("teammate")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.goto(f"{live_server.url}/channels/")
    # Still outside: back at the login or its second-factor stage, never on the page.
    assert urlsplit(page.url).path in ("/accounts/login/", "/accounts/2fa/authenticate/")

    page.goto(f"{live_server.url}/accounts/2fa/authenticate/")
    page.click("#mfa_webauthn_authenticate")
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("link", name="Security").is_visible()
    assert authenticator["id"]
