"""Issue 18: single sign-on with OpenID Connect, against a real identity provider serving
HTTP on loopback (a small one in a thread: discovery, authorize, token and userinfo)."""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
from django.test import Client

from socialgov.core.models import RoleAssignment, User

pytestmark = pytest.mark.django_db
CLIENT_ID = "socialgov-test"
CLIENT_SECRET = secrets.token_urlsafe(32)


class IdentityProvider(ThreadingHTTPServer):
    """Signs in whoever `claims` says, after checking the client and the code it issued."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.claims: dict[str, Any] = {}
        self.codes: dict[str, str] = {}
        self.token_requests = 0

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: IdentityProvider

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _json(self, payload: object, status: int = 200) -> None:
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = {key: values[0] for key, values in parse_qs(url.query).items()}
        issuer = self.server.issuer
        if url.path == "/.well-known/openid-configuration":
            self._json(
                {
                    "issuer": issuer,
                    "authorization_endpoint": f"{issuer}/authorize",
                    "token_endpoint": f"{issuer}/token",
                    "userinfo_endpoint": f"{issuer}/userinfo",
                    "jwks_uri": f"{issuer}/jwks",
                    "token_endpoint_auth_methods_supported": ["client_secret_post"],
                }
            )
        elif url.path == "/authorize" and query.get("client_id") == CLIENT_ID:
            code = secrets.token_urlsafe(16)
            self.server.codes[code] = query["redirect_uri"]
            target = (
                query["redirect_uri"] + "?" + urlencode({"code": code, "state": query["state"]})
            )
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif url.path == "/userinfo" and self.headers.get("Authorization") == "Bearer access-1":
            self._json(self.server.claims)
        else:
            self._json({"error": "invalid_request"}, 400)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        redirect_uri = self.server.codes.pop(form.get("code", ""), None)
        valid = (
            self.path == "/token"
            and form.get("client_id") == CLIENT_ID
            and form.get("client_secret") == CLIENT_SECRET
            and redirect_uri is not None
            and form.get("redirect_uri") == redirect_uri
        )
        if not valid:
            self._json({"error": "invalid_grant"}, 400)
            return
        self.server.token_requests += 1
        now = int(time.time())
        id_token = jwt.encode(
            {
                **self.server.claims,
                "iss": self.server.issuer,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 300,
            },
            CLIENT_SECRET,
            algorithm="HS256",
        )
        self._json(
            {
                "access_token": "access-1",
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            }
        )


@pytest.fixture
def idp(settings: Any) -> Iterator[IdentityProvider]:
    server = IdentityProvider()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "sso",
                    "name": "Company SSO",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {"server_url": server.issuer},
                }
            ]
        }
    }
    yield server
    server.shutdown()
    server.server_close()


def _sign_in(idp: IdentityProvider, **claims: Any) -> Client:
    idp.claims = {"sub": "idp-user-1", **claims}
    client = Client()
    start = client.post("/accounts/oidc/sso/login/")
    assert start.status_code == 302, start.content
    assert start["Location"].startswith(f"{idp.issuer}/authorize")

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    opener = urllib.request.build_opener(_NoRedirect)
    try:
        opener.open(start["Location"])
    except urllib.error.HTTPError as redirect:
        back = redirect.headers["Location"]
    else:
        raise AssertionError("the identity provider did not send the browser back")
    callback = urlsplit(back)
    client.get(f"{callback.path}?{callback.query}")
    return client


def test_a_verified_e_mail_signs_in_the_person_who_has_it(idp, teammate) -> None:
    client = _sign_in(idp, email=teammate.email, email_verified=True)
    assert idp.token_requests == 1
    assert client.session.get("_auth_user_id") == str(teammate.pk)
    assert client.get("/").status_code == 200
    assert User.objects.count() == 1


def test_an_unknown_e_mail_creates_nobody(idp, teammate) -> None:
    client = _sign_in(idp, email="new.person@example.org", email_verified=True)
    assert idp.token_requests == 1
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="new.person@example.org").exists()


def test_an_unverified_e_mail_signs_in_nobody(idp, teammate) -> None:
    client = _sign_in(idp, email=teammate.email, email_verified=False)
    assert idp.token_requests == 1
    assert "_auth_user_id" not in client.session


def test_the_identity_provider_grants_no_role(idp, teammate) -> None:
    before = list(RoleAssignment.objects.values_list("user_id", "role"))
    _sign_in(idp, email=teammate.email, email_verified=True, roles=["admin"], groups=["admin"])
    assert list(RoleAssignment.objects.values_list("user_id", "role")) == before


def test_the_login_page_offers_the_configured_provider(idp) -> None:
    page = Client().get("/accounts/login/")
    assert b"Log in with Company SSO" in page.content
    assert b'action="/accounts/oidc/sso/login/' in page.content
