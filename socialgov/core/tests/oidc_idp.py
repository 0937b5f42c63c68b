"""A real OpenID Connect identity provider on loopback for the SSO tests: a small one serving
HTTP in a thread (discovery, authorize, token and userinfo), checking the client and the codes
it issued."""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt

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


def provider_settings(server: IdentityProvider) -> dict[str, Any]:
    return {
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


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def follow_to_callback(server: IdentityProvider, authorize_url: str) -> str:
    """What the browser does at the provider: the path and query it is sent back to."""
    assert authorize_url.startswith(f"{server.issuer}/authorize")
    try:
        urllib.request.build_opener(_NoRedirect).open(authorize_url)
    except urllib.error.HTTPError as redirect:
        back = urlsplit(redirect.headers["Location"])
        return f"{back.path}?{back.query}"
    raise AssertionError("the identity provider did not send the browser back")
