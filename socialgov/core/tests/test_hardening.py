"""Findings of the security review (issue 18) that the shared API layer now refuses."""

from __future__ import annotations

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache

from socialgov.core.pagination import BoundedLimitOffsetPagination
from socialgov.core.parsers import MAX_DEPTH
from socialgov.core.services import task_create

pytestmark = pytest.mark.django_db
TOKEN_URL = "/api/v1/auth/token/"


def test_a_rotated_forwarded_for_header_does_not_reset_the_token_throttle(api, teammate) -> None:
    codes = [
        api.post(
            TOKEN_URL,
            {"username": "teammate", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{attempt}",
        ).status_code
        for attempt in range(12)
    ]
    assert codes[0] == 400
    assert codes[-1] == 429
    right = api.post(
        TOKEN_URL,
        {"username": "teammate", "password": "correct horse battery"},
        HTTP_X_FORWARDED_FOR="198.51.100.200",
    )
    assert right.status_code == 429


def test_throttle_counts_live_in_a_cache_every_worker_shares(api, teammate) -> None:
    for _ in range(3):
        api.post(TOKEN_URL, {"username": "teammate", "password": "wrong"})
    assert "LocMem" not in django_settings.CACHES["default"]["BACKEND"]
    # Another worker builds its own cache object from the same settings and sees the history.
    other_worker = caches.create_connection("default")
    if isinstance(other_worker, DatabaseCache):
        assert other_worker.get("throttle_auth_token_127.0.0.1") is not None


def test_the_forwarded_proto_header_is_not_believed_without_a_trusted_proxy() -> None:
    assert django_settings.SOCIALGOV_TRUSTED_PROXIES == 0
    assert not hasattr(django_settings, "SECURE_PROXY_SSL_HEADER") or (
        django_settings.SECURE_PROXY_SSL_HEADER is None
    )


def test_a_huge_limit_is_capped_and_page_size_is_honoured(api_as, lead, monkeypatch) -> None:
    for number in range(3):
        task_create(actor=None, title=f"task {number}", owner=lead.person)
    client = api_as(lead)
    monkeypatch.setattr(BoundedLimitOffsetPagination, "max_limit", 2)
    capped = client.get("/api/v1/tasks/?limit=1000000")
    assert capped.status_code == 200
    assert (capped.json()["count"], len(capped.json()["results"])) == (3, 2)
    monkeypatch.undo()
    assert len(client.get("/api/v1/tasks/?page_size=2").json()["results"]) == 2


def test_an_offset_too_large_for_the_database_is_no_server_error(api_as, lead) -> None:
    response = api_as(lead).get(f"/api/v1/tasks/?offset={2**70}")
    assert response.status_code == 200
    assert response.json()["results"] == []


@pytest.mark.parametrize("url", [TOKEN_URL, "/api/v1/tasks/"])
def test_json_nested_a_thousand_deep_is_a_400(api_as, lead, url: str) -> None:
    body = "[" * 1000 + "]" * 1000
    response = api_as(lead).post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


def test_json_just_within_the_depth_limit_is_parsed(api_as, lead) -> None:
    body = '{"title": "a", "x": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    response = api_as(lead).post("/api/v1/tasks/", body, content_type="application/json")
    assert response.status_code != 500
    assert "nested" not in str(response.json())


def test_a_body_over_the_upload_limit_is_a_json_413(api_as, lead, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = '{"title": "' + "a" * 4096 + '"}'
    response = api_as(lead).post("/api/v1/tasks/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
