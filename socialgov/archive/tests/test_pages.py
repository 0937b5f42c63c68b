"""The eDiscovery pages: search with filters (audited), the ZIP download whose manifest
verifies, and the legal holds page, each only for the roles that may use it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from socialgov.archive import services
from socialgov.archive.export import export_verify
from socialgov.archive.models import ItemKind, LegalHold
from socialgov.core.models import AuditEvent, User

pytestmark = pytest.mark.django_db


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def archived(db: None) -> None:
    now = timezone.now()
    rows = [
        ("a1", "mastodon", ItemKind.PUBLISHED, "mosa", "Nieuwe openingsuren vanaf maandag"),
        ("a2", "slack", ItemKind.INTERNAL, "an.claes", "Budget <b>Zeemeeuw</b> goedgekeurd"),
        ("a3", "slack", ItemKind.INTERNAL, "bert.maes", "Openingsuren van de kantine"),
    ]
    for external_id, platform, kind, author, text in rows:
        services.archive_capture(
            kind=kind,
            platform=platform,
            external_id=external_id,
            text=text,
            author=author,
            published_at=now - dt.timedelta(days=1),
        )


def test_legal_searches_with_filters_and_the_search_is_audited(
    archived: None, legal_user: User
) -> None:
    response = _client(legal_user).get("/archive/", {"text": "openingsuren", "platform": "slack"})
    page = response.content.decode()
    assert "Openingsuren van de kantine" in page and "vanaf maandag" not in page
    event = AuditEvent.objects.get(verb="archive.search")
    assert event.actor == legal_user
    assert event.changes["text"] == "openingsuren" and event.changes["results"] == 1


def test_archived_text_is_escaped_on_the_search_page(archived: None, legal_user: User) -> None:
    page = _client(legal_user).get("/archive/", {"text": "zeemeeuw"}).content.decode()
    assert "&lt;b&gt;Zeemeeuw&lt;/b&gt;" in page


def test_the_export_download_is_a_zip_whose_manifest_verifies(
    archived: None, legal_user: User
) -> None:
    response = _client(legal_user).post("/archive/export/", {"text": "openingsuren"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    data = response.content
    assert export_verify(data).ok
    assert AuditEvent.objects.get(verb="archive.export").changes["items"] == 2


@pytest.mark.parametrize("who", ["owner", "analyst", "outsider"])
def test_others_reach_neither_search_nor_holds(
    who: str, request: pytest.FixtureRequest, archived: None
) -> None:
    client = _client(request.getfixturevalue(who))
    assert client.get("/archive/", {"text": "budget"}).status_code == 403
    assert client.post("/archive/export/", {"text": "budget"}).status_code == 403
    assert client.get("/archive/holds/").status_code == 403
    assert not AuditEvent.objects.filter(verb__startswith="archive.").exists()


def test_the_auditor_searches_but_places_no_hold(archived: None, auditor: User) -> None:
    client = _client(auditor)
    assert client.get("/archive/", {"text": "budget"}).status_code == 200
    assert client.get("/archive/holds/").status_code == 403


def test_legal_places_and_releases_a_hold_through_the_page(legal_user: User) -> None:
    client = _client(legal_user)
    response = client.post("/archive/holds/", {"name": "Zaak 2026/17", "author": "an.claes"})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.author == "an.claes" and hold.created_by == legal_user
    client.post(f"/archive/holds/{hold.pk}/release/")
    hold.refresh_from_db()
    assert hold.released_at is not None and hold.released_by == legal_user


def test_a_hold_without_a_criterion_is_refused_on_the_page(lead: User) -> None:
    response = _client(lead).post("/archive/holds/", {"name": "Alles"})
    assert response.status_code == 200 and response.context["form"].errors
    assert not LegalHold.objects.exists()


def test_a_search_finding_more_than_the_limit_says_so_and_counts_no_further(
    archived: None, legal_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialgov.archive import selectors

    monkeypatch.setattr(selectors, "RESULT_LIMIT", 1)
    page = _client(legal_user).get("/archive/", {"text": "openingsuren"}).content.decode()
    assert "More than 1 items" in page
    assert "narrow the search" in page
    assert AuditEvent.objects.get(verb="archive.search").changes["results"] == 1
    monkeypatch.setattr(selectors, "RESULT_LIMIT", 2)
    page = _client(legal_user).get("/archive/", {"text": "openingsuren"}).content.decode()
    assert "2 items" in page and "More than" not in page
