"""The detector stage of the pipeline: stored posts → spikes, impersonation and compromise
detectors → alerts for the right people, discovered accounts, KRI values; idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from socialgov.channels.models import Channel, DiscoveredAccount, DiscoverySource
from socialgov.core.models import Notification, User
from socialgov.engine.sources import IncomingAuthor, IncomingPost
from socialgov.engine.tests.played_server import NOW
from socialgov.monitoring.models import (
    Alert,
    AlertEvidence,
    DetectorCursor,
    Finding,
    Post,
    PostKind,
    SpikeBrandState,
    SpikeIncident,
    SpikeStatus,
)
from socialgov.monitoring.pipeline import detect as stage
from socialgov.monitoring.pipeline.analyse import (
    Analyze,
    FindingResult,
    PostForAnalysis,
    analyse_until_idle,
)
from socialgov.monitoring.pipeline.detect import detect_pending, detect_until_idle
from socialgov.monitoring.pipeline.store import posts_store
from socialgov.monitoring.tests.helpers import make_channel
from socialgov.risks.metrics import MonitoredFigure
from socialgov.risks.models import KRI
from socialgov.risks.services import kri_create

pytestmark = pytest.mark.django_db

COMPLAINT = "refund"


def sentiment_words(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    """Stands in for the analysis engine: complaints are negative, the rest says nothing."""
    for post in posts:
        if COMPLAINT in post.text:
            yield FindingResult(post.id, "sentiment", "negative", 0.9, "negative tone")


def no_findings(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    return []


def run_pipeline(analyze: Analyze = sentiment_words) -> None:
    analyse_until_idle(analyze=analyze)
    detect_until_idle()


def mention(number: int, at: dt.datetime, text: str, *, author: str = "") -> IncomingPost:
    handle = author or f"customer{number % 50}"
    return IncomingPost(
        platform="x",
        external_id=f"m{number}",
        text=text,
        created_at=at,
        author=IncomingAuthor(platform="x", external_id=f"id-{handle}", handle=handle),
        mentions=("mosabank",),
    )


def own(number: int, at: dt.datetime, text: str, source: str, language: str) -> IncomingPost:
    return IncomingPost(
        platform="x",
        external_id=f"own{number}",
        text=text,
        created_at=at,
        author=IncomingAuthor(platform="x", external_id="id-mosabank", handle="mosabank"),
        language=language,
        raw={"source": source},
    )


@pytest.fixture
def channel(owner: User, teammate: User) -> Channel:
    channel = make_channel(owner.person, platform="x", handle="mosabank", deputy=teammate.person)
    channel.display_name = "Mosa Bank"
    channel.save()
    return channel


@pytest.fixture(autouse=True)
def _word_list_sentiment(settings: pytest.FixtureRequest) -> None:
    settings.SOCIALGOV_SENTIMENT_FN = (  # type: ignore[attr-defined]
        "socialgov.engine.detectors.mention_sentiment.lexicon_sentiment"
    )


def quiet_stream(start: dt.datetime, hours: int, first: int) -> list[IncomingPost]:
    return [
        mention(first + n, start + dt.timedelta(minutes=20 * n), "question about my account")
        for n in range(hours * 3)
    ]


def surge(start: dt.datetime, first: int) -> list[IncomingPost]:
    return [
        mention(first + n, start + dt.timedelta(seconds=30 * n), f"I want a {COMPLAINT} now")
        for n in range(60)
    ]


def spike_alerts() -> list[Alert]:
    return list(Alert.objects.filter(group_key__startswith="spike:"))


@pytest.mark.parametrize("sentiment_from", ["engine findings", "sentiment hook"])
def test_a_surge_of_complaints_raises_one_alert_for_the_owner_updated_by_the_next_batch(
    channel: Channel, owner: User, settings: pytest.FixtureRequest, sentiment_from: str
) -> None:
    analyze: Analyze = sentiment_words
    if sentiment_from == "sentiment hook":
        # Another analyzer, no sentiment stored: the detector asks its hook (the word list).
        settings.SOCIALGOV_ANALYZER = "socialgov.monitoring.tests.pattern_analyzer.analyze"  # type: ignore[attr-defined]
        analyze = no_findings
    history = quiet_stream(NOW - dt.timedelta(hours=48), 48, 0)
    after = quiet_stream(NOW + dt.timedelta(minutes=30), 1, 1000)
    posts_store(posts=history + surge(NOW, 500) + after)
    run_pipeline(analyze)
    alerts = spike_alerts()
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.owner == owner.person
    assert alert.channel == channel
    assert alert.evidence_count > 0
    evidence_texts = Post.objects.filter(
        findings__alerts=alert, findings__analyzer="spike"
    ).values_list("text", flat=True)
    assert all(COMPLAINT in text for text in evidence_texts)
    assert Notification.objects.filter(recipient=owner.person).count() == 1
    first_status = alert.spike.status
    assert alert.spike.kind in ("negative_volume", "negative_share")

    posts_store(posts=quiet_stream(NOW + dt.timedelta(hours=1, minutes=30), 4, 2000))
    run_pipeline(analyze)
    alerts = spike_alerts()
    assert [a.pk for a in alerts] == [alert.pk]
    incident = SpikeIncident.objects.get()
    assert incident.status != first_status
    assert incident.status == SpikeStatus.OVER
    assert "(" in alerts[0].title and alerts[0].title != alert.title
    assert Notification.objects.filter(recipient=owner.person).count() == 1


def test_a_quiet_channel_raises_no_spike_and_keeps_its_memory_between_batches(
    channel: Channel,
) -> None:
    posts_store(posts=quiet_stream(NOW - dt.timedelta(hours=30), 30, 0))
    run_pipeline()
    assert spike_alerts() == []
    state = SpikeBrandState.objects.get(brand=f"channel:{channel.pk}")
    assert state.state["baseline"]


def test_a_batch_that_crashes_before_commit_is_done_once_on_retry(
    channel: Channel, monkeypatch: pytest.MonkeyPatch
) -> None:
    history = quiet_stream(NOW - dt.timedelta(hours=48), 48, 0)
    after = quiet_stream(NOW + dt.timedelta(minutes=30), 1, 1000)
    posts_store(posts=history + surge(NOW, 500) + after)
    analyse_until_idle(analyze=sentiment_words)

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("worker killed")

    monkeypatch.setattr(stage, "_advance", crash)
    with pytest.raises(RuntimeError):
        detect_pending(limit=10_000)
    assert spike_alerts() == []
    assert not SpikeBrandState.objects.exists()
    monkeypatch.undo()
    detect_until_idle()
    assert len(spike_alerts()) == 1
    # Reading the same posts again (cursor set back) adds nothing: late mentions are not
    # counted twice and the open incident is the same.
    DetectorCursor.objects.update(last_post_id=0)
    detect_until_idle()
    assert len(spike_alerts()) == 1


def lookalike_batch() -> list[IncomingPost]:
    return [
        mention(1, NOW, "Support here, DM us your card number", author="m0sabank"),
        mention(2, NOW, "@mosabank thanks for the help", author="janedoe"),
        mention(3, NOW, "I love @mosabank", author="mosabankfan"),
        own(1, NOW, "Our offices are closed tomorrow", "Hootsuite", "en"),
    ]


def test_a_homoglyph_lookalike_goes_to_triage_and_to_the_analyst_once(
    channel: Channel, analyst: User
) -> None:
    batch = lookalike_batch()
    batch[0] = IncomingPost(
        **{
            **batch[0].__dict__,
            "author": IncomingAuthor(
                platform="x",
                external_id="id-m0sabank",
                handle="m0sabank",
                display_name="Mоsa Bank",  # Cyrillic о
            ),
        }
    )
    posts_store(posts=batch)
    run_pipeline()
    account = DiscoveredAccount.objects.get()
    assert account.handle == "m0sabank"
    assert account.source == DiscoverySource.MONITORING
    assert account.resembles == channel
    alerts = list(Alert.objects.filter(group_key__startswith="impersonation:"))
    assert len(alerts) == 1
    assert alerts[0].owner == analyst.person
    assert alerts[0].category == "security"
    assert AlertEvidence.objects.filter(alert=alerts[0]).count() == 1
    assert Notification.objects.filter(recipient=analyst.person).count() == 1

    DetectorCursor.objects.update(last_post_id=0)
    posts_store(posts=batch)
    run_pipeline()
    assert DiscoveredAccount.objects.count() == 1
    assert Alert.objects.filter(group_key__startswith="impersonation:").count() == 1
    assert Notification.objects.filter(recipient=analyst.person).count() == 1
    assert not DiscoveredAccount.objects.filter(handle__in=["mosabank", "janedoe"]).exists()


def hijack(first: int) -> list[IncomingPost]:
    at = dt.datetime(2026, 11, 27, 3, 0, tzinfo=dt.UTC)
    return [
        own(
            first + n,
            at + dt.timedelta(minutes=n),
            f"Free crypto giveaway {n}! Connect your wallet at https://mosa-claim.xyz/{n} #btc",
            "Twitter for Android",
            "en",
        )
        for n in range(5)
    ]


def habits() -> list[IncomingPost]:
    start = dt.datetime(2026, 9, 1, 10, 0, tzinfo=dt.UTC)
    topics = ["spaarrekening", "hypotheek", "kantoren", "app update", "beleggen"]
    return [
        own(
            n,
            start + dt.timedelta(days=n, minutes=7 * (n % 5)),
            f"Nieuws over onze {topics[n % 5]}: lees meer op https://www.mosa.be/nieuws/{n}",
            "Hootsuite",
            "nl",
        )
        for n in range(60)
    ]


def test_a_hijack_burst_on_an_own_channel_alerts_the_owner_and_the_analyst(
    channel: Channel, owner: User, analyst: User
) -> None:
    posts_store(posts=habits())
    run_pipeline()
    assert not Alert.objects.filter(group_key__startswith="compromise:").exists()
    posts_store(posts=hijack(100))
    run_pipeline()
    alert = Alert.objects.get(group_key__startswith="compromise:")
    assert alert.owner == owner.person
    assert alert.channel == channel
    assert alert.evidence_count >= 3
    assert Notification.objects.filter(recipient=owner.person).count() == 1
    assert Notification.objects.filter(recipient=analyst.person).count() == 1
    flagged = Post.objects.filter(findings__analyzer="compromise").values_list("text", flat=True)
    assert all("crypto" in text for text in flagged)
    assert Post.objects.filter(kind=PostKind.OWN_POST).count() == 65


def test_monitored_figures_are_recorded_into_the_kris_once(
    channel: Channel, owner: User, analyst: User
) -> None:
    assert owner.person is not None
    impersonators = kri_create(
        actor=None,
        name="Impersonators",
        owner=owner.person,
        amber_threshold=1,
        red_threshold=3,
        metric=MonitoredFigure.IMPERSONATORS_FOUND,
    )
    compromises = kri_create(
        actor=None,
        name="Compromises",
        owner=owner.person,
        amber_threshold=1,
        red_threshold=1,
        metric=MonitoredFigure.COMPROMISE_ALERTS,
        channel=channel,
    )
    posts_store(posts=habits())
    run_pipeline()
    posts_store(posts=lookalike_batch() + hijack(100))
    run_pipeline()
    impersonators.refresh_from_db()
    compromises.refresh_from_db()
    assert impersonators.current_value == 1
    assert impersonators.current_state == "amber"
    assert compromises.current_value == 1
    assert compromises.current_state == "red"
    DetectorCursor.objects.update(last_post_id=0)
    detect_until_idle()
    assert impersonators.measurements.count() == 1
    assert compromises.measurements.count() == 1
    assert KRI.objects.get(pk=compromises.pk).current_value == 1


def test_hostile_data_never_stops_the_stage(channel: Channel) -> None:
    SpikeBrandState.objects.create(brand=f"channel:{channel.pk}", state={"ring": "garbage"})
    hostile = [
        mention(1, NOW, "\u202e" * 5000 + "🙂" * 3000, author="x" * 200),
        mention(2, NOW, "", author="m\u0000osabank".replace("\u0000", "")),
        IncomingPost(
            platform="x",
            external_id="weird",
            text="@mosabank " + "ﷺ" * 20000,
            created_at=NOW,
            author=IncomingAuthor(
                platform="x",
                external_id="id-weird",
                handle="𝓶𝓸𝓼𝓪𝓫𝓪𝓷𝓴",
                display_name="M\u200bosa\u200b Bank",
                bio="a" * 10_000,
                created_at=dt.datetime(1971, 1, 1, tzinfo=dt.UTC),
            ),
            mentions=("mosabank",),
        ),
        own(1, NOW, "x" * 50_000, "\u202e" * 3, "zz-ZZ-very-long-tag"),
    ]
    posts_store(posts=hostile)
    analyse_until_idle(analyze=sentiment_words)
    result = detect_until_idle()
    assert result.posts == Post.objects.count()
    assert DetectorCursor.objects.get().last_post_id == Post.objects.order_by("-id")[0].pk


_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=300
)


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    handle=_text,
    display_name=_text,
    bio=_text,
    text=_text,
    minutes=st.integers(min_value=-(10**6), max_value=10**6),
    followers=st.one_of(st.none(), st.integers(min_value=0, max_value=2**62)),
)
def test_no_author_or_post_makes_the_stage_fail(
    channel: Channel,
    handle: str,
    display_name: str,
    bio: str,
    text: str,
    minutes: int,
    followers: int | None,
) -> None:
    number = Post.objects.count()
    post = IncomingPost(
        platform="x",
        external_id=f"h{number}",
        text=text,
        created_at=NOW + dt.timedelta(minutes=minutes),
        author=IncomingAuthor(
            platform="x",
            external_id=f"id-h{number}",
            handle=handle[:200],
            display_name=display_name[:200],
            bio=bio,
            followers_count=followers,
        ),
        mentions=("mosabank",),
    )
    posts_store(posts=[post, own(number, NOW + dt.timedelta(minutes=minutes), text, handle, "")])
    analyse_until_idle(analyze=sentiment_words)
    detect_until_idle()
    assert DetectorCursor.objects.get().last_post_id == Post.objects.order_by("-id")[0].pk


def test_the_owner_sees_the_surge_on_the_alert_page(
    channel: Channel, owner: User, client: Client
) -> None:
    history = quiet_stream(NOW - dt.timedelta(hours=48), 48, 0)
    after = quiet_stream(NOW + dt.timedelta(minutes=30), 1, 1000)
    posts_store(posts=history + surge(NOW, 500) + after)
    run_pipeline()
    alert = spike_alerts()[0]
    client.force_login(owner)
    page = client.get(f"/monitoring/alerts/{alert.pk}/")
    assert page.status_code == 200
    assert "Surge" in page.content.decode()
    assert COMPLAINT in page.content.decode()


def toxic_words(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    """Stands in for the toxicity analyzer, which stores a finding only for a toxic post."""
    for post in posts:
        if "idioten" in post.text:
            yield FindingResult(post.id, "toxicity", "insult", 0.96, "insult: 'idioten'")


def test_vandalism_from_the_usual_client_in_the_usual_language_alerts_with_its_reason(
    channel: Channel, owner: User
) -> None:
    posts_store(posts=habits())
    run_pipeline(toxic_words)
    at = dt.datetime(2026, 11, 3, 10, 14, tzinfo=dt.UTC)
    ordinary = own(200, at, "Nieuws over onze kantoren: lees meer op onze site", "Hootsuite", "nl")
    posts_store(posts=[ordinary])
    run_pipeline(toxic_words)
    assert not Alert.objects.filter(group_key__startswith="compromise:").exists()

    later = at + dt.timedelta(hours=1)
    vandal = own(
        201, later, "Jullie zijn waardeloze idioten, deze bank kan barsten", "Hootsuite", "nl"
    )
    posts_store(posts=[vandal])
    run_pipeline(toxic_words)

    alert = Alert.objects.get(group_key__startswith="compromise:")
    assert alert.channel == channel
    finding = Finding.objects.get(post__external_id="own201", analyzer="compromise")
    assert "offensive language (toxicity 0.96" in finding.reason


HOSTILE = "schande"


def tone_words(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    """Stands in for the sentiment and toxicity analyzers: the brand's own posts read neutral;
    a hostile post reads negative and somewhat offensive, with no insult in it."""
    for post in posts:
        if HOSTILE in post.text:
            yield FindingResult(post.id, "sentiment", "negative", 0.85, "negative tone")
            yield FindingResult(post.id, "toxicity", "insult", 0.6, "no single word")
        else:
            yield FindingResult(post.id, "sentiment", "neutral", 0.8, "neutral tone")


def test_hostile_vandalism_without_insults_alerts_through_the_tone_of_the_analysis(
    channel: Channel,
) -> None:
    posts_store(posts=habits())
    run_pipeline(tone_words)
    at = dt.datetime(2026, 11, 3, 10, 14, tzinfo=dt.UTC)
    hostile_text = f"Een {HOSTILE}, onze klanten verdienen niets en krijgen niets van ons"
    posts_store(posts=[own(300, at, hostile_text, "Hootsuite", "nl")])
    run_pipeline(tone_words)

    alert = Alert.objects.get(group_key__startswith="compromise:")
    assert alert.channel == channel
    finding = Finding.objects.get(post__external_id="own300", analyzer="compromise")
    assert "hostile tone unlike the account (negativity 0.85, toxicity 0.60" in finding.reason
