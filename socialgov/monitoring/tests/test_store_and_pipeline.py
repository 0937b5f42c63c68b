"""Store → analyse → alert: idempotency, edits, routing to the owner, grouping, escalation."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail

from socialgov.core.models import AuditEvent, Notification, User
from socialgov.monitoring import services
from socialgov.monitoring.models import (
    Alert,
    AlertEvidence,
    AlertStatus,
    AnalysisState,
    Author,
    EscalationLevel,
    Finding,
    Post,
    PostKind,
)
from socialgov.monitoring.pipeline.alert import alerts_escalate
from socialgov.monitoring.pipeline.analyse import (
    MAX_ANALYSIS_ATTEMPTS,
    FindingResult,
    analyse_pending,
    analyse_until_idle,
)
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import incoming, make_channel

pytestmark = pytest.mark.django_db


def toxic_words(posts):
    for post in posts:
        if "idiot" in post.text:
            start = post.text.index("idiot")
            yield FindingResult(post.id, "toxicity", "toxic", 0.9, "insult", start, start + 5)
        yield FindingResult(post.id, "toxicity", "not_toxic", 0.1, "fine")


@pytest.fixture
def channel(owner: User, teammate: User):
    return make_channel(owner.person, deputy=teammate.person)


@pytest.fixture
def toxic_rule(channel):
    return services.alert_rule_create(
        actor=None,
        name="Toxic comment",
        finding_kinds=["toxicity.toxic"],
        category="conduct",
        severity="high",
        escalate_after_minutes=30,
    )


def _rows() -> tuple[int, int, int, int, int]:
    return (
        Post.objects.count(),
        Author.objects.count(),
        Finding.objects.count(),
        Alert.objects.count(),
        AlertEvidence.objects.count(),
    )


def test_the_same_batch_three_times_gives_the_same_rows(channel, toxic_rule) -> None:
    batch = [
        incoming("1", "@mosa you idiot", mentions=("mosa@mastodon.social",)),
        incoming("2", "nice"),
        incoming("3", "what an idiot @mosa"),
    ]
    seen = []
    for _round in range(3):
        posts_store(posts=batch)
        analyse_until_idle(analyze=toxic_words)
        seen.append(_rows())
    assert seen[0] == seen[1] == seen[2]
    assert seen[0] == (3, 1, 2, 1, 2)


def test_duplicates_within_one_batch_are_stored_once(channel) -> None:
    result = posts_store(posts=[incoming("1", "a"), incoming("1", "b")])
    assert result.created == 1
    assert Post.objects.get().text == "b"


def test_an_edit_updates_the_post_and_sends_it_back_to_analysis(channel, toxic_rule) -> None:
    posts_store(posts=[incoming("1", "calm words @mosa")])
    analyse_until_idle(analyze=toxic_words)
    assert Alert.objects.count() == 0
    result = posts_store(posts=[incoming("1", "edited: idiot @mosa")])
    post = Post.objects.get()
    assert result.updated == 1
    assert post.analysis_state == AnalysisState.PENDING
    assert post.edited_at is not None
    analyse_until_idle(analyze=toxic_words)
    assert Alert.objects.count() == 1


def test_new_engagement_counts_do_not_trigger_a_new_analysis(channel) -> None:
    posts_store(posts=[incoming("1", "hello", likes_count=1)])
    analyse_until_idle(analyze=toxic_words)
    posts_store(posts=[incoming("1", "hello", likes_count=7)])
    post = Post.objects.get()
    assert post.likes_count == 7
    assert post.analysis_state == AnalysisState.DONE


def test_posts_are_routed_to_the_channel_they_come_from_mention_or_answer(channel) -> None:
    posts_store(
        posts=[
            incoming("own", "our news", author="mosa"),
            incoming("mention", "hey @mosa"),
            incoming("reply", "boo", reply_to_id="own"),
            incoming("other", "unrelated"),
            incoming("impostor", "fake", author="mosa@evil.example"),
        ]
    )
    kinds = {p.external_id: (p.kind, p.channel_id) for p in Post.objects.all()}
    assert kinds["own"] == (PostKind.OWN_POST, channel.pk)
    assert kinds["mention"] == (PostKind.MENTION, channel.pk)
    assert kinds["reply"] == (PostKind.COMMENT, channel.pk)
    assert kinds["other"] == (PostKind.OTHER, None)
    assert kinds["impostor"] == (PostKind.OTHER, None)


def test_posts_on_an_internal_channel_are_internal(owner: User) -> None:
    internal = make_channel(
        owner.person, platform="teams", handle="mosa-intern", audience="internal"
    )
    posts_store(
        posts=[incoming("1", "secret plans", platform="teams", channel_handle=internal.handle)]
    )
    assert Post.objects.get().kind == PostKind.INTERNAL


def test_an_alert_goes_to_the_channel_owner_once_for_a_burst(channel, toxic_rule, owner) -> None:
    posts_store(posts=[incoming(str(i), f"idiot number {i} @mosa") for i in range(30)])
    analyse_until_idle(analyze=toxic_words, limit=7)
    alert = Alert.objects.get()
    assert alert.owner == owner.person
    assert alert.evidence_count == 30
    assert alert.channel == channel
    assert [n.recipient for n in Notification.objects.all()] == [owner.person]
    assert AuditEvent.objects.filter(verb="alert.raise").count() == 1


def test_a_new_alert_opens_after_the_previous_one_is_closed(channel, toxic_rule, owner) -> None:
    posts_store(posts=[incoming("1", "idiot @mosa")])
    analyse_until_idle(analyze=toxic_words)
    services.alert_resolve(actor=owner, alert=Alert.objects.get(), note="handled")
    posts_store(posts=[incoming("2", "another idiot @mosa")])
    analyse_until_idle(analyze=toxic_words)
    assert Alert.objects.filter(status=AlertStatus.OPEN).count() == 1
    assert Alert.objects.count() == 2


def test_rules_respect_channel_post_kind_score_and_reach(owner: User, channel) -> None:
    other = make_channel(owner.person, handle="other@mastodon.social")
    services.alert_rule_create(
        actor=None,
        name="Loud complaints on the other channel",
        channel=other,
        finding_kinds=["toxicity"],
        post_kinds=[PostKind.MENTION],
        min_score=0.8,
        min_reach=1000,
    )
    posts_store(
        posts=[
            incoming("quiet", "idiot @other", author="small", followers=10),
            incoming("loud", "idiot @other", author="big", followers=5000),
            incoming("wrong-channel", "idiot @mosa", author="big", followers=5000),
        ]
    )
    analyse_until_idle(analyze=toxic_words)
    alert = Alert.objects.get()
    assert [e.finding.post.external_id for e in alert.evidence.all()] == ["loud"]


def test_an_unacknowledged_alert_escalates_to_the_deputy_then_the_lead(
    channel, toxic_rule, teammate, lead
) -> None:
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        posts_store(posts=[incoming("1", "idiot @mosa")])
        analyse_until_idle(analyze=toxic_words)
    Notification.objects.all().delete()
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert alerts_escalate() == 0
    with time_machine.travel(start + dt.timedelta(minutes=31), tick=False):
        assert alerts_escalate() == 1
    alert = Alert.objects.get()
    assert alert.escalation_level == EscalationLevel.DEPUTY
    assert [n.recipient for n in Notification.objects.all()] == [teammate.person]
    with time_machine.travel(start + dt.timedelta(minutes=62), tick=False):
        assert alerts_escalate() == 1
    alert.refresh_from_db()
    assert alert.escalation_level == EscalationLevel.GOVERNANCE_LEAD
    assert Notification.objects.order_by("-id")[0].recipient == lead.person
    with time_machine.travel(start + dt.timedelta(hours=5), tick=False):
        assert alerts_escalate() == 0


def test_an_acknowledged_alert_does_not_escalate(channel, toxic_rule, owner) -> None:
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        posts_store(posts=[incoming("1", "idiot @mosa")])
        analyse_until_idle(analyze=toxic_words)
        services.alert_acknowledge(actor=owner, alert=Alert.objects.get())
    with time_machine.travel(start + dt.timedelta(hours=3), tick=False):
        assert alerts_escalate() == 0


def test_a_post_that_breaks_the_analyzer_is_set_aside_and_the_rest_goes_on(channel) -> None:
    def fragile(posts):
        for post in posts:
            if "boom" in post.text:
                raise RuntimeError("analyzer bug")
            yield FindingResult(post.id, "toxicity", "toxic", 0.9, "x")

    posts_store(posts=[incoming("1", "fine"), incoming("2", "boom"), incoming("3", "fine too")])
    for _attempt in range(MAX_ANALYSIS_ATTEMPTS + 1):
        analyse_pending(analyze=fragile)
    states = dict(Post.objects.values_list("external_id", "analysis_state"))
    assert states == {"1": "done", "2": "failed", "3": "done"}
    assert Finding.objects.count() == 2


def test_a_claim_left_by_a_dead_worker_is_taken_over_after_the_timeout(channel) -> None:
    from socialgov.monitoring.pipeline.analyse import claim_timeout, posts_claim

    posts_store(posts=[incoming("1", "x")])
    start = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
    _token, ids = posts_claim(limit=10, now=start)
    assert len(ids) == 1
    assert posts_claim(limit=10, now=start + dt.timedelta(seconds=5))[1] == []
    assert posts_claim(limit=10, now=start + claim_timeout() + dt.timedelta(seconds=1))[1] == ids


def test_the_default_analyzer_turns_personal_data_into_findings(channel) -> None:
    services.alert_rule_create(
        actor=None, name="Personal data", finding_kinds=["personal_data"], category="privacy"
    )
    posts_store(posts=[incoming("1", "mail me at jan.peeters@example.com @mosa")])
    analyse_until_idle()
    assert Finding.objects.filter(analyzer="personal_data").exists()
    assert Alert.objects.get().category == "privacy"


def test_the_engine_categories_are_the_alert_categories() -> None:
    from socialgov.engine.types import Category
    from socialgov.monitoring.models import AlertCategory

    assert {category.value for category in Category} == set(AlertCategory.values)


def test_the_owner_is_emailed_once_the_alert_is_committed(
    channel, toxic_rule, owner, django_capture_on_commit_callbacks
) -> None:
    posts_store(posts=[incoming("1", "idiot @mosa")])
    with django_capture_on_commit_callbacks(execute=True):
        analyse_until_idle(analyze=toxic_words)
    assert [m.to for m in mail.outbox] == [[owner.person.email]]
    assert "Toxic comment" in mail.outbox[0].subject


def test_a_payload_with_nul_characters_and_broken_unicode_is_stored(channel) -> None:
    hostile = {
        "id": "1\x00",
        "note": "bad \ud800 half",
        "nested": [{"k\x00": "v"}],
        "n": float("nan"),
    }
    posts_store(posts=[incoming("1", "hi", raw=hostile), incoming("2", "next")])
    stored = Post.objects.get(external_id="1").raw
    assert stored["id"] == "1"
    assert "\x00" not in str(stored) and "\ud800" not in str(stored)
    assert Post.objects.count() == 2
