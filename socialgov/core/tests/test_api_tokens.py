"""Personal API tokens: named, scoped, expiring, revocable, hashed, with their last use."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from socialgov.core.models import ApiToken, AuditEvent, TokenScope, User
from socialgov.core.services import api_token_create, api_token_revoke
from socialgov.core.tests.test_mfa import PASSWORD, current_code, with_totp

pytestmark = pytest.mark.django_db
TASKS = "/api/v1/tasks/"


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def task(user: User) -> dict[str, object]:
    return {"title": "from a token", "owner": user.person_id}


def test_a_token_is_stored_only_as_a_hash(lead) -> None:
    token, key = api_token_create(actor=lead, name="reporting", scope=TokenScope.READ)
    stored = AuthToken.objects.get(pk=token.token.pk)
    assert key not in (stored.digest, stored.token_key)
    assert len(stored.token_key) < len(key)
    assert AuditEvent.objects.filter(verb="api_token.create").exists()


def test_a_read_only_token_reads_and_gets_403_on_writes(lead) -> None:
    _token, key = api_token_create(actor=lead, name="dashboard", scope=TokenScope.READ)
    client = bearer(key)
    assert client.get(TASKS).status_code == 200
    assert client.post(TASKS, task(lead), format="json").status_code == 403


def test_a_read_write_token_writes(lead) -> None:
    _token, key = api_token_create(actor=lead, name="sync", scope=TokenScope.READ_WRITE)
    response = bearer(key).post(TASKS, task(lead), format="json")
    assert response.status_code == 201


def test_an_expired_token_is_refused(lead, time_machine) -> None:
    _token, key = api_token_create(actor=lead, name="short", days=1)
    time_machine.move_to(timezone.now() + dt.timedelta(days=2))
    assert bearer(key).get(TASKS).status_code == 401


def test_a_revoked_token_is_refused(lead) -> None:
    token, key = api_token_create(actor=lead, name="old laptop")
    api_token_revoke(actor=lead, token=token)
    assert bearer(key).get(TASKS).status_code == 401
    assert not ApiToken.objects.exists()


def test_nobody_revokes_another_persons_token(lead, teammate) -> None:
    from django.core.exceptions import PermissionDenied

    token, _key = api_token_create(actor=lead, name="mine")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=teammate, token=token)


def test_the_last_use_is_recorded(lead) -> None:
    token, key = api_token_create(actor=lead, name="cron")
    assert token.last_used_at is None
    bearer(key).get(TASKS)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_token_endpoint_issues_a_hashed_read_write_token(api, lead) -> None:
    key = api.post("/api/v1/auth/token/", {"username": "lead", "password": PASSWORD}).json()[
        "token"
    ]
    assert bearer(key).post(TASKS, task(lead), format="json").status_code == 201
    assert ApiToken.objects.get().scope == TokenScope.READ_WRITE


def _confirmed(user: User) -> Client:
    client = Client()
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return client


def test_creating_a_token_on_the_security_page_asks_for_a_fresh_sign_in(lead) -> None:
    client = Client()
    client.force_login(lead)
    assert client.get("/security/tokens/").status_code == 200
    response = client.post(
        "/security/tokens/", {"name": "laptop", "scope": TokenScope.READ, "days": 30}
    )
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not ApiToken.objects.exists()


def test_a_fresh_sign_in_creates_a_token_shown_once_and_listed(lead) -> None:
    client = _confirmed(lead)
    response = client.post(
        "/security/tokens/", {"name": "laptop", "scope": TokenScope.READ_WRITE, "days": 30}
    )
    assert response.status_code == 200
    key = response.context["new_key"]
    assert key and key.encode() in response.content
    listing = client.get("/security/tokens/")
    assert b"laptop" in listing.content
    assert key.encode() not in listing.content


def test_with_totp_the_fresh_sign_in_is_the_second_factor(lead) -> None:
    with_totp(lead)
    client = Client()
    client.force_login(lead)
    response = client.post("/security/tokens/", {"name": "x", "scope": "read", "days": 1})
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")
    # The password alone no longer confirms a user who has a second factor.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    response = client.post("/security/tokens/", {"name": "x", "scope": "read", "days": 1})
    assert response.status_code == 302
    client.post("/accounts/2fa/reauthenticate/", {"code": current_code()})
    response = client.post("/security/tokens/", {"name": "x", "scope": "read", "days": 1})
    assert response.status_code == 200
    assert ApiToken.objects.filter(name="x").exists()


def test_a_token_is_revoked_from_the_security_page(lead, teammate) -> None:
    theirs, _key = api_token_create(actor=teammate, name="theirs")
    mine, key = api_token_create(actor=lead, name="mine")
    client = _confirmed(lead)
    assert client.post(f"/security/tokens/{theirs.pk}/revoke/").status_code == 404
    assert client.post(f"/security/tokens/{mine.pk}/revoke/").status_code == 302
    assert bearer(key).get(TASKS).status_code == 401
    assert ApiToken.objects.filter(pk=theirs.pk).exists()
