"""Issue 18: single sign-on with OpenID Connect and with SAML 2.0, each against a real identity
provider on loopback (oidc_idp.py, saml_idp.py), under one rule: a person is matched by a
verified e-mail address, no login is created unless that is switched on, and roles come from the
provider only through an explicit group mapping."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest
from django.test import Client

from socialgov.core.models import AuditEvent, Person, RoleAssignment, RoleSource, User
from socialgov.core.services import role_assign
from socialgov.core.tests import oidc_idp, saml_idp
from socialgov.core.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
HOST = "sp.socialgov.test"


class SignIn(Protocol):
    button: bytes

    def __call__(self, email: str, *, verified: bool = True, groups: list[str] = ...) -> Client:
        """Go through the provider as `email` and come back; the client is the browser."""


class _Oidc:
    button = b'action="/accounts/oidc/sso/login/'

    def __init__(self, settings: Any) -> None:
        self.server = oidc_idp.IdentityProvider()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": oidc_idp.provider_settings(self.server)
        }

    def __call__(self, email: str, *, verified: bool = True, groups: list[str] = []) -> Client:  # noqa: B006
        self.server.claims = {
            "sub": f"sub-{email}",
            "email": email,
            "email_verified": verified,
            "groups": groups,
        }
        client = Client(HTTP_HOST=HOST)
        start = client.post("/accounts/oidc/sso/login/")
        assert start.status_code == 302, start.content
        client.get(oidc_idp.follow_to_callback(self.server, start["Location"]))
        assert self.server.token_requests >= 1
        return client

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Saml:
    button = b'action="/accounts/saml/sso/login/'

    def __init__(self, settings: Any, folder: Path) -> None:
        self.idp = saml_idp.SamlIdentityProvider(folder)
        settings.SOCIALACCOUNT_PROVIDERS = {"saml": saml_idp.provider_settings(self.idp, [])}
        metadata = Client(HTTP_HOST=HOST).get("/accounts/saml/sso/metadata/")
        assert metadata.status_code == 200, metadata.content
        self.idp.start(metadata.content.decode())

    def __call__(self, email: str, *, verified: bool = True, groups: list[str] = []) -> Client:  # noqa: B006
        self.idp.name_id = email
        self.idp.identity = {"mail": [email], "groups": groups}
        if verified:
            self.idp.identity["email_verified"] = ["true"]
        client = Client(HTTP_HOST=HOST)
        start = client.post("/accounts/saml/sso/login/")
        assert start.status_code == 302, start.content
        assert start["Location"].startswith(self.idp.sso_url)
        path, fields = saml_idp.post_back(saml_idp.browser_visit(start["Location"]))
        assert path == "/accounts/saml/sso/acs/"
        finish = client.post(path, fields)
        client.get(finish["Location"])
        assert self.idp.requests >= 1
        return client

    def stop(self) -> None:
        self.idp.stop()


@pytest.fixture(params=["oidc", "saml"])
def sign_in(request: pytest.FixtureRequest, settings: Any, tmp_path: Path) -> Iterator[SignIn]:
    settings.ALLOWED_HOSTS = [HOST]
    protocol: _Oidc | _Saml = (
        _Oidc(settings) if request.param == "oidc" else _Saml(settings, tmp_path)
    )
    yield protocol
    protocol.stop()


def _signed_in(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value else None


def _page_after(client: Client) -> str:
    return client.get("/accounts/login/").content.decode()


def test_a_verified_e_mail_signs_in_the_person_who_has_it(sign_in, teammate) -> None:
    client = sign_in(teammate.email)
    assert _signed_in(client) == teammate.pk
    assert client.get("/").status_code == 200


def test_an_unverified_e_mail_signs_in_nobody_and_says_why(sign_in, teammate) -> None:
    client = sign_in(teammate.email, verified=False)
    assert _signed_in(client) is None
    assert "did not confirm your e-mail address" in _page_after(client)


def test_an_e_mail_nobody_in_the_register_has_creates_nobody(sign_in, teammate, settings) -> None:
    settings.SOCIALGOV_SSO_CREATE_USERS = True
    client = sign_in("stranger@example.org")
    assert _signed_in(client) is None
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert "Nobody in the people register has this e-mail address" in _page_after(client)


def test_a_person_without_a_login_is_refused_when_creation_is_off(sign_in, comms) -> None:
    person: Person = PersonFactory(org_unit=comms)  # type: ignore[assignment]
    client = sign_in(person.email)
    assert _signed_in(client) is None
    assert not User.objects.filter(person=person).exists()
    assert "single sign-on does not create one" in _page_after(client)


def test_a_person_without_a_login_gets_one_with_no_role_when_creation_is_on(
    sign_in, comms, settings
) -> None:
    settings.SOCIALGOV_SSO_CREATE_USERS = True
    person: Person = PersonFactory(org_unit=comms)  # type: ignore[assignment]
    client = sign_in(person.email, groups=["staff"])
    user = User.objects.get(person=person)
    assert _signed_in(client) == user.pk
    assert not user.has_usable_password()
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_a_mapped_group_gives_its_role(sign_in, teammate, settings) -> None:
    settings.SOCIALGOV_SSO_ROLE_MAP = {"socialgov-analysts": "analyst"}
    client = sign_in(teammate.email, groups=["everyone", "socialgov-analysts"])
    assert _signed_in(client) == teammate.pk
    assert RoleAssignment.objects.filter(user=teammate, role="analyst").exists()


def test_a_role_the_provider_stops_listing_is_revoked_at_the_next_sign_in_and_audited(
    sign_in, teammate, settings
) -> None:
    settings.SOCIALGOV_SSO_ROLE_MAP = {"sg-analysts": "analyst", "sg-auditors": "auditor"}
    role_assign(actor=None, user=teammate, role="auditor")  # granted here, not by the provider
    sign_in(teammate.email, groups=["sg-analysts", "sg-auditors"])
    sources = dict(RoleAssignment.objects.filter(user=teammate).values_list("role", "source"))
    assert sources == {
        "employee": RoleSource.MANUAL,
        "auditor": RoleSource.MANUAL,
        "analyst": RoleSource.IDENTITY_PROVIDER,
    }
    client = sign_in(teammate.email, groups=["everyone"])
    assert _signed_in(client) == teammate.pk
    roles = set(RoleAssignment.objects.filter(user=teammate).values_list("role", flat=True))
    assert roles == {"employee", "auditor"}
    revoked = AuditEvent.objects.get(verb="role.revoke")
    assert revoked.changes["role"] == "analyst"
    assert revoked.changes["source"] == RoleSource.IDENTITY_PROVIDER


def test_a_role_granted_here_after_the_provider_granted_it_is_kept(
    sign_in, teammate, settings
) -> None:
    settings.SOCIALGOV_SSO_ROLE_MAP = {"sg-analysts": "analyst"}
    sign_in(teammate.email, groups=["sg-analysts"])
    role_assign(actor=None, user=teammate, role="analyst")
    sign_in(teammate.email, groups=[])
    assert RoleAssignment.objects.get(user=teammate, role="analyst").source == RoleSource.MANUAL


def test_an_unmapped_group_gives_nothing(sign_in, teammate, settings) -> None:
    settings.SOCIALGOV_SSO_ROLE_MAP = {"socialgov-analysts": "analyst"}
    before = sorted(RoleAssignment.objects.values_list("user_id", "role"))
    client = sign_in(teammate.email, groups=["admin", "governance_lead", "Domain Admins"])
    assert _signed_in(client) == teammate.pk
    assert sorted(RoleAssignment.objects.values_list("user_id", "role")) == before


def test_a_second_sign_in_reaches_the_same_login(sign_in, teammate) -> None:
    sign_in(teammate.email)
    assert _signed_in(sign_in(teammate.email)) == teammate.pk
    assert User.objects.filter(person=teammate.person).count() == 1


def test_the_login_page_offers_the_configured_provider(sign_in) -> None:
    page = Client(HTTP_HOST=HOST).get("/accounts/login/")
    assert b"Log in with Company S" in page.content
    assert sign_in.button in page.content


def test_a_saml_assertion_signed_with_another_key_signs_in_nobody(
    settings, tmp_path, teammate
) -> None:
    settings.ALLOWED_HOSTS = [HOST]
    saml = _Saml(settings, tmp_path)
    try:
        (tmp_path / "other").mkdir()
        _, other_certificate = saml_idp.make_certificate(tmp_path / "other")
        app = settings.SOCIALACCOUNT_PROVIDERS["saml"]["APPS"][0]
        app["settings"]["idp"]["x509cert"] = saml_idp.pem_body(other_certificate)
        client = saml(teammate.email)
        assert _signed_in(client) is None
        assert saml.idp.requests == 1
    finally:
        saml.stop()
