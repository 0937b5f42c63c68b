"""The bulk writes' own value preparation stores what the ORM would store."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from socialgov.monitoring.models import Author
from socialgov.monitoring.pipeline.bulk import insert_rows, update_rows

pytestmark = pytest.mark.django_db


def test_insert_and_update_rows_store_an_aware_non_utc_datetime_as_the_same_instant() -> None:
    brussels = dt.datetime(2026, 3, 29, 12, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    insert_rows(Author, [Author(platform="x", external_id="1", created_on_platform=brussels)])
    stored = Author.objects.get(platform="x", external_id="1")
    assert stored.created_on_platform == brussels
    assert stored.first_seen_at is not None

    later = dt.datetime(2026, 10, 25, 1, 15, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    stored.created_on_platform = later
    update_rows(Author, [stored], ["created_on_platform"])
    assert Author.objects.get(pk=stored.pk).created_on_platform == later


def test_update_rows_still_clears_a_datetime_set_to_none() -> None:
    author = Author.objects.create(
        platform="x", external_id="2", created_on_platform=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    author.created_on_platform = None
    update_rows(Author, [author], ["created_on_platform"])
    assert Author.objects.get(pk=author.pk).created_on_platform is None
