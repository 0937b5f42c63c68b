"""A real SAML 2.0 identity provider on loopback for the SSO tests: pysaml2's IdP (the server
that parses the AuthnRequest and signs the assertion with xmlsec1), behind a small WSGI app in a
thread, with a key and certificate made when the test starts."""

from __future__ import annotations

import datetime
import html
import re
import threading
import urllib.request
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.config import IdPConfig
from saml2.saml import AUTHN_PASSWORD_PROTECTED, NAME_FORMAT_URI, NAMEID_FORMAT_EMAILADDRESS, NameID
from saml2.server import Server
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256

from config.sso import saml_app

XMLSEC = "/usr/bin/xmlsec1"


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed RSA key and certificate for the IdP's signatures."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-idp.invalid")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    key_path, cert_path = folder / "idp.key", folder / "idp.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def pem_body(path: Path) -> str:
    lines = path.read_text().strip().splitlines()
    return "".join(line for line in lines if "CERTIFICATE" not in line)


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return


class SamlIdentityProvider:
    """Signs in whoever `identity` says (attribute name → values), for the SP whose metadata
    it was given; the response goes back through the browser as an HTTP-POST form."""

    def __init__(self, folder: Path) -> None:
        self.key_path, self.cert_path = make_certificate(folder)
        self.identity: dict[str, list[str]] = {}
        self.name_id = ""
        self.requests = 0
        self._http: WSGIServer = make_server("127.0.0.1", 0, self._app, handler_class=_Quiet)
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)
        self._server: Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_port}"

    @property
    def entity_id(self) -> str:
        return f"{self.url}/metadata"

    @property
    def sso_url(self) -> str:
        return f"{self.url}/sso"

    @property
    def certificate(self) -> str:
        """The certificate as the SP's settings take it (base64 body, no PEM armour)."""
        return pem_body(self.cert_path)

    def start(self, sp_metadata: str) -> None:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]
                        },
                        "name_id_format": [NAMEID_FORMAT_EMAILADDRESS],
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": 5},
                                "attribute_restrictions": None,
                                "name_form": NAME_FORMAT_URI,
                            }
                        },
                    }
                },
                "key_file": str(self.key_path),
                "cert_file": str(self.cert_path),
                "xmlsec_binary": XMLSEC,
                "metadata": {"inline": [sp_metadata]},
            }
        )
        self._server = Server(config=config)
        self._thread.start()

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def _app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        if environ["PATH_INFO"] != "/sso" or "SAMLRequest" not in query or not self._server:
            start_response("400 Bad Request", [("Content-Type", "text/plain")])
            return [b"not a SAML request"]
        server = self._server
        request = server.parse_authn_request(query["SAMLRequest"], BINDING_HTTP_REDIRECT)
        arguments = server.response_args(request.message, [BINDING_HTTP_POST])
        self.requests += 1
        response = server.create_authn_response(
            self.identity,
            name_id=NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=self.name_id),
            authn={"class_ref": AUTHN_PASSWORD_PROTECTED},
            sign_assertion=True,
            # The SP refuses SHA-1 signatures (python3-saml's rejectDeprecatedAlgorithm).
            sign_alg=SIG_RSA_SHA256,
            digest_alg=DIGEST_SHA256,
            **arguments,
        )
        http = server.apply_binding(
            BINDING_HTTP_POST,
            str(response),
            arguments["destination"],
            query.get("RelayState", ""),
            response=True,
        )
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [str(http["data"]).encode()]


def provider_settings(idp: SamlIdentityProvider, verified_domains: list[str]) -> dict[str, Any]:
    """The SP's settings for this IdP, built as config/settings.py builds them."""
    app = saml_app(
        name="Company SAML",
        slug="sso",
        entity_id=idp.entity_id,
        sso_url=idp.sso_url,
        x509cert=idp.certificate,
        verified_domains=verified_domains,
    )
    return {"APPS": [app]}


def post_back(page: str) -> tuple[str, dict[str, str]]:
    """The auto-submitting form the IdP answers with: where it posts and what."""
    action = re.search(r'<form[^>]*action="([^"]+)"', page)
    assert action is not None, page
    fields = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', page)
    }
    return urlsplit(html.unescape(action.group(1))).path, fields


def browser_visit(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310  # the loopback IdP
        return str(response.read().decode())
