"""Top terms and top posts of a period: counted right, scoped to what the reader may see,
the same on every read, and a stranger's text shown as the characters it is."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from typing import Any

import pytest

from socialgov.channels.models import Channel
from socialgov.core.models import User
from socialgov.engine.terms import post_terms
from socialgov.monitoring.models import Post
from socialgov.reports import selectors
from socialgov.reports.periods import period_of
from socialgov.reports.tests.conftest import TODAY
from socialgov.reports.tests.pdf_text import pdf_text
from socialgov.reports.tests.test_board_report import generated
from socialgov.reports.tests.test_dashboards import page

pytestmark = pytest.mark.django_db
_ids = itertools.count(1)
NOON = dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC)
HOSTILE = '<script>alert("x")</script> <img src=x onerror=alert(1)> #refund'


def post(channel: Channel, text: str, *, days_ago: int = 0, kind: str = "mention", **more: Any):
    number = next(_ids)
    return Post.objects.create(
        platform=channel.platform,
        external_id=f"t{number}",
        text=text,
        published_at=NOON - dt.timedelta(days=days_ago),
        kind=kind,
        channel=channel,
        content_hash=hashlib.sha256(f"{number}{text}".encode()).hexdigest(),
        **more,
    )


@pytest.fixture
def talk(owned_channel: Channel, other_channel: Channel) -> None:
    post(owned_channel, "@mosa_care my refund is late again, refund refund!", likes_count=3)
    post(owned_channel, "Waarom is mijn terugbetaling nog niet gedaan? #refund @mosa_care")
    post(owned_channel, "Le remboursement est encore en retard, mais pourquoi ?", replies_count=9)
    post(owned_channel, "Die Rückerstattung ist leider wieder verspätet", reposts_count=1)
    post(owned_channel, "refund refund", days_ago=40, likes_count=500)  # before the period
    post(owned_channel, "secret refund plan", kind="direct_message", likes_count=80)
    post(owned_channel, "Thanks for your patience", kind="own_post", likes_count=5)
    post(other_channel, "sales discount discount today", likes_count=50)


def test_stop_words_of_four_languages_links_and_numbers_are_not_terms() -> None:
    text = "The refund is de terugbetaling, le remboursement, die Rückerstattung 2026 https://x.y/z"
    assert post_terms(text) == {"refund", "terugbetaling", "remboursement", "rückerstattung"}
    assert post_terms("#Refund @Mosa_Care ok", frozenset({"@mosa_care"})) == {"#refund"}


def test_the_terms_of_the_period_count_each_post_once(
    lead: User, owned_channel: Channel, talk: None
) -> None:
    found = selectors.top_terms(user=lead, period=period_of("30d", end=TODAY))
    counts = dict(found.terms)

    # Repeating "refund" in one post adds nothing; the older post and the direct message say it
    # too but are not counted; the channel's own handle is no term.
    assert counts["refund"] == 1 and counts["#refund"] == 1
    assert counts["discount"] == 1 and counts["terugbetaling"] == 1
    assert "@mosa_care" not in counts and "secret" not in counts
    assert not {"is", "mijn", "est", "mais", "ist", "the"} & set(counts)
    assert found.posts_read == 5 and not found.sampled


def test_the_top_posts_are_those_with_most_reactions_in_the_period(lead: User, talk: None) -> None:
    posts = selectors.top_posts(user=lead, period=period_of("30d", end=TODAY))

    assert [p.engagement for p in posts] == [50, 9, 5, 3, 1]  # type: ignore[attr-defined]
    assert all(p.kind != "direct_message" for p in posts)


def test_an_owner_sees_the_terms_and_posts_of_their_channels_only(
    owner: User, owned_channel: Channel, other_channel: Channel, talk: None
) -> None:
    html = page(owner, view="owner", period="30d")

    assert "Top terms" in html and "terugbetaling" in html
    assert "Le remboursement est encore en retard" in html
    assert "discount" not in html and "sales discount" not in html
    # Naming another person's channel narrows to nothing of it.
    other = page(owner, view="owner", period="30d", channel=str(other_channel.pk))
    assert "discount" not in other


def test_the_owner_narrows_the_terms_to_one_brand(
    owner: User, owned_channel: Channel, talk: None
) -> None:
    second = Channel.objects.create(
        platform="instagram",
        handle="mosa_travel",
        purpose="marketing",
        audience="external",
        status="active",
        owner=owned_channel.owner,
        brand="Mosa Travel",
    )
    post(second, "beach holidays booked", likes_count=2)

    everything = page(owner, view="owner", period="30d")
    travel = page(owner, view="owner", period="30d", brand="Mosa Travel")

    assert "Brand Mosa Travel" in everything and "holidays" in everything
    assert "holidays" in travel and "terugbetaling" not in travel


def test_a_hostile_post_is_shown_escaped_and_its_link_only_when_it_is_a_web_link(
    owner: User, owned_channel: Channel
) -> None:
    post(owned_channel, HOSTILE, likes_count=7, url="javascript:alert(1)")

    html = page(owner, view="owner", period="30d")

    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "javascript:" not in html


def test_the_board_report_lists_the_top_terms_and_posts_and_stays_reproducible(
    lead: User, owned_channel: Channel, talk: None, django_capture_on_commit_callbacks: Any
) -> None:
    first = generated(lead, django_capture_on_commit_callbacks)
    second = generated(lead, django_capture_on_commit_callbacks)

    topics = first.figures["topics"]
    assert dict(map(tuple, topics["terms"]))["#refund"] == 1
    # A quarter holds the 40-day-old post; the direct message (80) is never listed.
    assert [p["engagement"] for p in topics["posts"]] == [500, 50, 9, 5, 3]
    text = pdf_text(bytes(first.pdf))
    assert "What people talked about" in text and "#refund" in text
    assert first.content_hash == second.content_hash
