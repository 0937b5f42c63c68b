"""Capture with versions and hashes, retention, and legal holds surviving both the archive's
purge and monitoring's internal-content purge."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.utils import timezone

from socialgov.archive import selectors, services
from socialgov.archive.models import ArchivedItem, ArchivedVersion, ItemKind
from socialgov.archive.verify import archive_verify
from socialgov.core.models import User

OLD = timezone.now() - dt.timedelta(days=400)


def _capture(external_id: str, text: str, **extra: object) -> ArchivedItem:
    values: dict[str, object] = {
        "kind": ItemKind.INTERNAL,
        "platform": "files",
        "external_id": external_id,
        "text": text,
        "published_at": OLD,
        "author": "jan.peeters",
    }
    values.update(extra)
    return services.archive_capture(**values)  # type: ignore[arg-type]


def test_an_edit_and_a_deletion_are_kept_as_versions(db: None) -> None:
    item = _capture("m1", "Eerste versie")
    _capture("m1", "Eerste versie")  # seen again unchanged: no new version
    _capture("m1", "Tweede versie")
    services.archive_mark_deleted(item=item)
    versions = list(
        ArchivedVersion.objects.filter(item=item).values_list("number", "text", "deleted")
    )
    assert versions == [
        (1, "Eerste versie", False),
        (2, "Tweede versie", False),
        (3, "Tweede versie", True),
    ]
    assert archive_verify().ok


def test_verify_finds_a_version_whose_text_was_changed_in_the_database(db: None) -> None:
    _capture("m1", "Origineel")
    _capture("m1", "Bewerkt")
    ArchivedVersion.objects.filter(number=1).update(text="Vervalst")
    report = archive_verify()
    assert report.broken == ["files:m1 v1"]
    with pytest.raises(CommandError, match="1 of 2 versions"):
        call_command("archive_verify")


def test_verify_finds_a_removed_version(db: None) -> None:
    _capture("m1", "a")
    _capture("m1", "b")
    _capture("m1", "c")
    ArchivedVersion.objects.filter(number=2).delete()
    assert archive_verify().broken == ["files:m1 v3"]


def test_a_held_item_survives_the_retention_purge(lead: User, legal_user: User) -> None:
    services.retention_rule_set(actor=lead, kind=ItemKind.INTERNAL, days=30)
    kept = _capture("m1", "Over het dossier Zeemeeuw", author="an.claes")
    gone = _capture("m2", "Lunch om twaalf uur", author="bert.maes")
    recent = _capture("m3", "Vandaag", published_at=timezone.now())
    services.legal_hold_create(actor=legal_user, name="Dossier Zeemeeuw", author="an.claes")
    assert services.archive_purge() == 1
    assert set(ArchivedItem.objects.values_list("pk", flat=True)) == {kept.pk, recent.pk}
    assert not ArchivedItem.objects.filter(pk=gone.pk).exists()


def test_a_released_hold_no_longer_keeps_content(lead: User, legal_user: User) -> None:
    services.retention_rule_set(actor=lead, kind=ItemKind.INTERNAL, days=30)
    _capture("m1", "Zeemeeuw budget")
    hold = services.legal_hold_create(actor=legal_user, name="Zeemeeuw", query="zeemeeuw")
    assert services.archive_purge() == 0
    services.legal_hold_release(actor=legal_user, hold=hold)
    assert services.archive_purge() == 1


def test_a_hold_by_period_covers_only_that_period(lead: User) -> None:
    services.retention_rule_set(actor=lead, kind=ItemKind.INTERNAL, days=30)
    inside = _capture("m1", "x", published_at=OLD)
    _capture("m2", "y", published_at=OLD - dt.timedelta(days=60))
    services.legal_hold_create(
        actor=lead,
        name="Q1",
        period_start=OLD - dt.timedelta(days=1),
        period_end=OLD + dt.timedelta(days=1),
    )
    services.archive_purge()
    assert list(ArchivedItem.objects.values_list("pk", flat=True)) == [inside.pk]


@pytest.mark.parametrize("who", ["owner", "analyst", "auditor", "outsider"])
def test_only_leads_admins_and_legal_place_holds(who: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.legal_hold_create(actor=user, name="x", author="someone")


def test_a_hold_needs_a_criterion(legal_user: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.legal_hold_create(actor=legal_user, name="Leeg")


def test_held_post_ids_protects_monitoring_posts_from_the_internal_purge(
    legal_user: User,
) -> None:
    from socialgov.monitoring.models import Author, Connector, Post

    connector = Connector.objects.create(name="Slack", kind="slack", config={"retention_days": 30})
    author = Author.objects.create(platform="slack", external_id="U1", handle="an.claes")

    def post(external_id: str, handle_author: Author | None) -> Post:
        return Post.objects.create(
            platform="slack",
            external_id=external_id,
            author=handle_author,
            text="Dossier Zeemeeuw" if handle_author else "Lunch",
            published_at=OLD,
            kind="internal",
            connector=connector,
            content_hash=external_id,
        )

    held, free = post("p1", author), post("p2", None)
    services.legal_hold_create(actor=legal_user, name="An", author="an.claes")
    ids = set(selectors.held_post_ids().values_list("pk", flat=True))
    assert ids == {held.pk}
    assert free.pk not in ids


def test_the_internal_purge_covers_file_imports_and_spares_held_posts(legal_user: User) -> None:
    from socialgov.archive.retention import internal_content_purge
    from socialgov.monitoring.models import Author, Connector, Post

    files = Connector.objects.create(name="Intranet export", kind="files", config={})
    author = Author.objects.create(platform="files", external_id="a1", handle="an.claes")
    for n, who in enumerate([author, None, None]):
        Post.objects.create(
            platform="files",
            external_id=f"f{n}",
            author=who,
            text="bericht",
            published_at=OLD,
            kind="internal",
            connector=files,
            content_hash=f"f{n}",
        )
    services.legal_hold_create(actor=legal_user, name="An", author="an.claes")
    assert internal_content_purge(days=30) == 2
    assert list(Post.objects.values_list("external_id", flat=True)) == ["f0"]
