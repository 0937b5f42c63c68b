"""Hostile input through the normaliser: whatever comes in, out comes safe plain data."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialgov.engine.sources.cleaning import (
    MAX_TEXT_CHARS,
    InvalidItem,
    clean_text,
    clean_url,
    html_to_text,
    parse_time,
)
from socialgov.engine.sources.schema import post_from_mapping
from socialgov.engine.tests.played_server import NOW

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=50)
    | st.datetimes(timezones=st.none() | st.timezones()).map(lambda d: d.isoformat()),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
hostile = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@hostile
@given(
    st.dictionaries(
        st.sampled_from(["platform", "id", "text", "created_at", "author", "url", "kind", "x"]),
        json_values,
    )
)
def test_any_json_object_becomes_a_clean_post_or_a_clear_rejection(item: dict) -> None:
    try:
        post = post_from_mapping(item, now=NOW, default_platform="x")
    except InvalidItem as error:
        assert str(error)
        return
    assert post.created_at.tzinfo is not None
    assert post.created_at <= NOW + dt.timedelta(minutes=5)
    assert "\x00" not in post.text
    assert len(post.text) <= MAX_TEXT_CHARS
    assert post.url == "" or post.url.lower().startswith(("http://", "https://"))
    post.text.encode("utf-8")


@hostile
@given(st.text())
def test_html_to_text_never_leaves_a_tag_behind(value: str) -> None:
    text = html_to_text(f"<p>{value}</p><script>{value}</script>")
    text.encode("utf-8")
    assert "<script" not in text.lower() or "<script" in value.lower()


def test_html_to_text_keeps_the_words_and_drops_the_markup() -> None:
    assert html_to_text("<p>a &amp; b<br>c</p><style>x{}</style>") == "a & b\nc"


def test_clean_text_drops_control_characters_and_lone_surrogates() -> None:
    assert clean_text("a\x00b\x07c\ud800d") == "abc?d"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,x", "//evil.example", "ftp://x.example"]
)
def test_links_other_than_http_are_dropped(url: str) -> None:
    assert clean_url(url) == ""


def test_a_time_without_a_zone_is_read_as_utc_and_noted() -> None:
    notes: list[str] = []
    when = parse_time("2026-11-27T08:00:00", now=NOW, notes=notes)
    assert when == dt.datetime(2026, 11, 27, 8, 0, tzinfo=dt.UTC)
    assert notes


@pytest.mark.parametrize("value", ["", "yesterday", None, [1], "1999-01-01T00:00:00Z"])
def test_unusable_times_are_rejected(value: object) -> None:
    with pytest.raises(InvalidItem):
        parse_time(value, now=NOW)


def test_epoch_times_in_seconds_milliseconds_and_microseconds_agree() -> None:
    seconds = 1764230400
    assert (
        parse_time(seconds, now=NOW + dt.timedelta(days=9))
        == parse_time(seconds * 1000, now=NOW + dt.timedelta(days=9))
        == parse_time(seconds * 1_000_000, now=NOW + dt.timedelta(days=9))
    )


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6), st.text())
def test_whatever_passes_the_normaliser_is_stored_without_error(extra: dict, text: str) -> None:
    from socialgov.monitoring.models import Post
    from socialgov.monitoring.pipeline.store import posts_store

    item = {**extra, "platform": "x", "id": "hostile", "text": text, "created_at": NOW.isoformat()}
    post = post_from_mapping(item, now=NOW)
    posts_store(posts=[post])
    assert Post.objects.get(platform="x", external_id="hostile").text == post.text
