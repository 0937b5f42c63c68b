"""eDiscovery: full-text search with filters (FTS5 on SQLite, text search on PostgreSQL: the
same tests run on both), the ZIP export with a manifest that verifies, and the audit trail."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile

import pytest
from django.db import connection
from django.utils import timezone

from socialgov.archive import selectors, services
from socialgov.archive.export import archive_export, export_verify
from socialgov.archive.models import ArchivedItem, ItemKind
from socialgov.core.models import AuditEvent, User

NOW = timezone.now()


@pytest.fixture
def items(db: None) -> list[ArchivedItem]:
    rows = [
        ("p1", "mastodon", ItemKind.PUBLISHED, "mosa", "Nieuwe openingsuren vanaf maandag", 3),
        ("p2", "x", ItemKind.OWN_CHANNEL, "klant42", "Wanneer zijn de openingsuren?", 2),
        ("p3", "slack", ItemKind.INTERNAL, "an.claes", "Budget Zeemeeuw is goedgekeurd", 1),
        ("p4", "slack", ItemKind.INTERNAL, "bert.maes", '=HYPERLINK("http://evil") lunch', 0),
        ("p5", "mastodon", ItemKind.PUBLISHED, "mosa", "Réouverture du guichet après travaux", 0),
    ]
    return [
        services.archive_capture(
            kind=kind,
            platform=platform,
            external_id=external_id,
            text=text,
            author=author,
            published_at=NOW - dt.timedelta(days=days),
        )
        for external_id, platform, kind, author, text, days in rows
    ]


def _search(user: User, **filters: object) -> list[str]:
    found = selectors.archive_search(user=user, filters=selectors.SearchFilters(**filters))  # type: ignore[arg-type]
    return [item.external_id for item in found]


@pytest.mark.parametrize("common_from", [2_000, 1], ids=["rare-word plan", "common-word plan"])
def test_full_text_finds_words_and_prefixes(
    items: list[ArchivedItem], legal_user: User, common_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "COMMON_MATCHES", common_from)  # both SQLite plans agree
    assert connection.vendor in {"sqlite", "postgresql"}
    assert _search(legal_user, text="openingsuren") == ["p2", "p1"]
    assert _search(legal_user, text="zeemeeuw goedgek") == ["p3"]
    assert _search(legal_user, text="guichet") == ["p5"]
    assert _search(legal_user, text="nergens") == []


def test_hostile_search_text_is_only_words(items: list[ArchivedItem], legal_user: User) -> None:
    assert _search(legal_user, text='"openingsuren"*)(:^') == ["p2", "p1"]
    assert _search(legal_user, text="'); DROP TABLE x; --") == []


def test_search_filters_by_platform_author_kind_and_period(
    items: list[ArchivedItem], legal_user: User
) -> None:
    assert _search(legal_user, platform="slack") == ["p4", "p3"]
    assert _search(legal_user, author="MOSA") == ["p5", "p1"]
    assert _search(legal_user, kind=ItemKind.OWN_CHANNEL) == ["p2"]
    assert _search(
        legal_user, start=NOW - dt.timedelta(days=2, hours=1), end=NOW - dt.timedelta(hours=12)
    ) == ["p3", "p2"]


def test_search_follows_an_edit(items: list[ArchivedItem], legal_user: User) -> None:
    services.archive_capture(
        kind=ItemKind.PUBLISHED,
        platform="mastodon",
        external_id="p1",
        text="Gesloten wegens verbouwing",
        published_at=NOW,
    )
    assert _search(legal_user, text="openingsuren") == ["p2"]
    assert _search(legal_user, text="verbouwing") == ["p1"]


@pytest.mark.parametrize("who", ["owner", "analyst", "outsider"])
def test_only_leads_legal_admins_and_auditors_search(
    who: str, items: list[ArchivedItem], request: pytest.FixtureRequest
) -> None:
    assert _search(request.getfixturevalue(who)) == []


def test_the_auditor_searches_too(items: list[ArchivedItem], auditor: User) -> None:
    assert len(_search(auditor)) == 5


def test_the_export_holds_every_version_a_safe_index_and_a_manifest_that_verifies(
    items: list[ArchivedItem], legal_user: User
) -> None:
    services.archive_capture(
        kind=ItemKind.INTERNAL,
        platform="slack",
        external_id="p3",
        text="Budget herzien",
        published_at=NOW,
    )
    found = selectors.archive_search(
        user=legal_user, filters=selectors.SearchFilters(platform="slack")
    )
    data = archive_export(actor=legal_user, items=found, description="platform=slack")
    assert export_verify(data).ok
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        lines = [json.loads(line) for line in archive.read("items.jsonl").decode().splitlines()]
        index = list(csv.reader(io.StringIO(archive.read("index.csv").decode())))
        manifest = json.loads(archive.read("manifest.json"))
    assert [r["external_id"] for r in lines] == ["p4", "p3"]
    assert [v["text"] for v in lines[1]["versions"]] == [
        "Budget Zeemeeuw is goedgekeurd",
        "Budget herzien",
    ]
    assert manifest["items"] == 2 and manifest["created_by"] == "legal"
    assert index[0][0] == "id" and not any(cell.startswith("=") for row in index for cell in row)
    event = AuditEvent.objects.get(verb="archive.export")
    assert event.actor_label == "legal" and event.changes["items"] == 2


def test_a_tampered_export_does_not_verify(items: list[ArchivedItem], legal_user: User) -> None:
    data = archive_export(actor=legal_user, items=items, description="all")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as copy:
        for name in source.namelist():
            body = source.read(name)
            copy.writestr(name, body.replace(b"mosa", b"MOSA") if name == "items.jsonl" else body)
    check = export_verify(out.getvalue())
    assert not check.ok and check.problems == ["hash mismatch in items.jsonl"]
