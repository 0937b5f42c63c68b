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

from socialgov.archive import search, selectors, services
from socialgov.archive.export import archive_export, export_verify
from socialgov.archive.models import ArchivedItem, ItemKind
from socialgov.channels.models import Channel
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
    monkeypatch.setattr(search, "COMMON_MATCHES", common_from)  # both plans agree
    monkeypatch.setattr(search, "POSTGRES_COMMON_MATCHES", common_from)
    assert connection.vendor in {"sqlite", "postgresql"}
    assert _search(legal_user, text="openingsuren") == ["p2", "p1"]
    assert _search(legal_user, text="zeemeeuw goedgek") == ["p3"]
    assert _search(legal_user, text="guichet") == ["p5"]
    assert _search(legal_user, text="nergens") == []


def test_a_word_shorter_than_three_letters_is_not_a_prefix(
    items: list[ArchivedItem], legal_user: User
) -> None:
    assert _search(legal_user, text="op") == []
    assert _search(legal_user, text="ope") == ["p2", "p1"]
    assert _search(legal_user, text="budget is") == ["p3"]


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


@pytest.fixture
def channel(lead: User) -> Channel:
    assert lead.person is not None
    return Channel.objects.create(
        platform="mastodon",
        handle="mosa",
        purpose="customer_service",
        audience="external",
        status="active",
        owner=lead.person,
        org_unit=lead.person.org_unit,
    )


def _total(user: User, **filters: object) -> tuple[int, bool]:
    return selectors.archive_search_total(user=user, filters=selectors.SearchFilters(**filters))  # type: ignore[arg-type]


@pytest.mark.parametrize("common_from", [2_000, 1], ids=["rare-word plan", "common-word plan"])
def test_words_combine_with_channel_platform_kind_and_period(
    items: list[ArchivedItem],
    legal_user: User,
    channel: Channel,
    common_from: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search, "COMMON_MATCHES", common_from)
    monkeypatch.setattr(search, "POSTGRES_COMMON_MATCHES", common_from)
    ArchivedItem.objects.filter(external_id__in=["p1", "p5"]).update(channel=channel)
    assert _search(legal_user, text="openingsuren", channel_id=channel.pk) == ["p1"]
    assert _search(legal_user, channel_id=channel.pk) == ["p5", "p1"]
    assert _search(legal_user, text="openingsuren", platform="x") == ["p2"]
    assert _search(legal_user, text="openingsuren", kind=ItemKind.PUBLISHED) == ["p1"]
    assert _search(legal_user, text="budget", platform="mastodon") == []
    assert _search(legal_user, text="openingsuren", start=NOW - dt.timedelta(days=2, hours=1)) == [
        "p2"
    ]
    assert _search(legal_user, text="openingsuren", end=NOW - dt.timedelta(days=2, hours=1)) == [
        "p1"
    ]
    assert _search(legal_user, text="openingsuren", start=NOW + dt.timedelta(days=1)) == []


def test_filters_follow_a_changed_channel_kind_and_date(
    items: list[ArchivedItem], legal_user: User, channel: Channel
) -> None:
    item = ArchivedItem.objects.get(external_id="p2")
    item.channel = channel
    item.kind = ItemKind.PUBLISHED
    item.published_at = dt.datetime(2021, 3, 4, tzinfo=dt.UTC)
    item.save()
    assert _search(legal_user, channel_id=channel.pk, kind=ItemKind.PUBLISHED) == ["p2"]
    assert _search(
        legal_user, text="openingsuren", end=dt.datetime(2021, 12, 31, tzinfo=dt.UTC)
    ) == ["p2"]
    channel_id = channel.pk
    ArchivedItem.objects.filter(pk=item.pk).update(channel=None)
    assert _search(legal_user, channel_id=channel_id) == []


@pytest.mark.parametrize(
    "filters",
    [
        {"text": "openingsuren"},
        {"text": "ope"},
        {"platform": "slack"},
        {"text": "openingsuren", "author": "MOSA"},
        {"text": "openingsuren", "start": NOW - dt.timedelta(days=2, hours=1)},
        {"kind": ItemKind.PUBLISHED, "start": NOW - dt.timedelta(days=400)},
        {"text": "nergens"},
        {},
    ],
    ids=["word", "prefix", "platform", "author", "period", "kind-period", "none", "all"],
)
def test_the_total_counts_what_the_search_lists(
    items: list[ArchivedItem], legal_user: User, filters: dict[str, object]
) -> None:
    assert _total(legal_user, **filters) == (len(_search(legal_user, **filters)), False)


def test_the_total_stops_at_the_result_limit_and_says_there_are_more(
    items: list[ArchivedItem], legal_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for n in range(3):
        services.archive_capture(
            kind=ItemKind.OWN_CHANNEL,
            platform="x",
            external_id=f"extra{n}",
            text="Openingsuren op feestdagen?",
            published_at=NOW,
        )
    monkeypatch.setattr(selectors, "RESULT_LIMIT", 2)
    assert _total(legal_user) == (2, True)
    assert _total(legal_user, text="feestdagen") == (2, True)
    assert _total(legal_user, text="feestdagen", platform="x", start=NOW - dt.timedelta(1)) == (
        2,
        True,
    )
    assert _total(legal_user, text="zeemeeuw") == (1, False)
    assert _total(legal_user, platform="mastodon", author="mosa") == (2, False)
    assert _total(legal_user, kind=ItemKind.INTERNAL, start=NOW - dt.timedelta(days=30)) == (
        2,
        False,
    )


def test_no_total_for_those_who_may_not_search(items: list[ArchivedItem], owner: User) -> None:
    assert _total(owner, text="openingsuren") == (0, False)
    assert _total(owner) == (0, False)


def test_a_period_is_spelled_in_whole_years_and_months() -> None:
    tokens = search.period_tokens(
        dt.datetime(2023, 11, 5, tzinfo=dt.UTC), dt.datetime(2025, 2, 3, 12, tzinfo=dt.UTC)
    )
    assert tokens == ["m202311", "m202312", "y2024", "m202501", "m202502"]
    brussels = dt.timezone(dt.timedelta(hours=1))
    assert search.period_tokens(
        dt.datetime(2024, 1, 1, 0, 30, tzinfo=brussels), dt.datetime(2024, 1, 1, 2, tzinfo=brussels)
    ) == ["m202312", "m202401"]
    assert search.starts_a_month(dt.datetime(2024, 3, 1, tzinfo=dt.UTC))
    assert not search.starts_a_month(dt.datetime(2024, 3, 1, 0, 0, 1, tzinfo=dt.UTC))
    assert search.ends_a_month(dt.datetime(2024, 4, 30, 23, 59, 59, 999999, tzinfo=dt.UTC))
    assert not search.ends_a_month(dt.datetime(2024, 4, 30, 23, 59, 59, tzinfo=dt.UTC))


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
