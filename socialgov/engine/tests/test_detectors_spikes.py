import contextlib
import json
import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.engine.detectors.spike_state import StateError, restore, snapshot
from socialgov.engine.detectors.spikes import (
    GROWING,
    NEGATIVE_SHARE,
    NEGATIVE_VOLUME,
    OVER,
    PEAKED,
    Mention,
    SpikeDetector,
    SpikeSettings,
    parse_mention,
)
from socialgov.engine.detectors.streams import RecordError
from socialgov.engine.tests.detector_streams import (
    MONDAY,
    in_time_order,
    rhythm_stream,
    surge,
)

OUTPUT_KEYS = {
    "brand",
    "kind",
    "start",
    "peak",
    "end",
    "score",
    "baseline",
    "observed",
    "top_post_ids",
    "terms",
}


def run(mentions, **kwargs):
    return list(SpikeDetector(**kwargs).run(mentions))


def opened(events):
    return [event for event in events if event.status == GROWING]


def when(text):
    return datetime.fromisoformat(text)


def test_it_flags_a_complaint_surge_at_night_within_an_hour_of_its_onset():
    onset = MONDAY + timedelta(days=15, hours=2)
    history = rhythm_stream(days=16)
    events = run(in_time_order(history, surge(start=onset, count=60, minutes=60)))

    alerts = opened(events)
    assert len(alerts) == 1
    first = alerts[0].record
    assert first["kind"] in {NEGATIVE_VOLUME, NEGATIVE_SHARE}
    assert onset - timedelta(minutes=10) <= when(first["start"]) <= onset + timedelta(minutes=10)
    assert when(first["peak"]) - onset <= timedelta(hours=1)


def test_a_steep_surge_alerts_before_its_ten_minute_bucket_has_closed():
    onset = MONDAY + timedelta(days=15, hours=2, minutes=30)
    detector = SpikeDetector()
    first_alert = None
    for mention in in_time_order(rhythm_stream(days=16), surge(start=onset, count=60, minutes=12)):
        if any(event.status == GROWING for event in detector.add(mention)):
            first_alert = mention
            break

    assert first_alert is not None
    bucket_end = onset + timedelta(minutes=10)
    assert onset <= first_alert.created_at < bucket_end
    state = detector.brands["acme"]
    assert state.alert is not None
    assert state.alert.peak == first_alert.created_at


def test_it_stays_quiet_through_the_normal_morning_peak():
    # Two weeks to learn the rhythm, then a third week of ordinary mornings.
    events = run(rhythm_stream(days=21, seed=4))

    after_learning = [
        event for event in events if when(event.record["start"]) > MONDAY + timedelta(days=7)
    ]
    assert after_learning == []


def test_it_does_not_alert_on_a_quiet_brand():
    quiet = rhythm_stream(brand="quietco", days=21, rate=lambda hour: 0.2, seed=5)
    # A little cluster of five mentions is chance, not a surge.
    cluster = surge(
        brand="quietco",
        start=MONDAY + timedelta(days=10, hours=14),
        count=5,
        minutes=30,
        sentiment=0.0,
    )

    assert run(in_time_order(quiet, cluster)) == []


def test_it_sends_growing_peaked_and_over_instead_of_an_alert_every_bucket():
    onset = MONDAY + timedelta(days=15, hours=2)
    rising = surge(start=onset, count=80, minutes=90)
    events = run(in_time_order(rhythm_stream(days=16), rising))

    statuses = [event.status for event in events]
    assert statuses[0] == GROWING
    assert PEAKED in statuses
    assert statuses[-1] == OVER
    assert len(statuses) <= 5
    assert len({event.record["start"] for event in events}) == 1
    final = events[-1].record
    assert when(final["end"]) > when(final["peak"]) >= when(final["start"])


def test_it_names_the_words_and_posts_that_drive_the_surge():
    onset = MONDAY + timedelta(days=15, hours=3)
    events = run(in_time_order(rhythm_stream(days=16), surge(start=onset, count=60, minutes=60)))

    record = events[-1].record
    assert set(record) >= OUTPUT_KEYS
    assert "#acmedown" in record["terms"]
    assert "outage" in record["terms"]
    assert "acme" not in record["terms"]  # in every mention, so it explains nothing
    assert record["top_post_ids"]
    assert all(post_id.startswith("acme-surge-") for post_id in record["top_post_ids"])
    assert record["observed"] > 5 * record["baseline"]


def test_it_scores_sentiment_only_for_mentions_without_it():
    calls = []

    def sentiment(text):
        calls.append(text)
        return -1.0

    labelled = Mention("1", "acme", MONDAY, "labelled", 0.5)
    unlabelled = Mention("2", "acme", MONDAY, "needs scoring", None)
    run([labelled, unlabelled], sentiment_fn=sentiment)

    assert calls == ["needs scoring"]


def test_it_warms_up_on_little_history_and_says_it_is_unsure():
    onset = MONDAY + timedelta(days=1, hours=3)
    events = run(in_time_order(rhythm_stream(days=2), surge(start=onset, count=150, minutes=60)))

    alerts = opened(events)
    assert alerts
    assert alerts[0].record["confidence"] < 0.5


def test_it_keeps_bounded_memory_per_brand():
    limits = SpikeSettings(alert_posts=50, term_capacity=100, sampled_posts_per_bucket=5)
    detector = SpikeDetector(settings=limits)
    onset = MONDAY + timedelta(days=3, hours=2)
    words = [f"word{index} complaint" for index in range(2000)]
    flood = [
        Mention(f"f{index}", "acme", onset + timedelta(seconds=index), words[index], -1.0)
        for index in range(2000)
    ]
    list(detector.run(in_time_order(rhythm_stream(days=4), flood)))

    state = detector.brands["acme"]
    assert len(state.ring) <= limits.window_buckets
    assert all(len(bucket.posts) <= 5 for bucket in state.ring)
    assert state.alert is not None
    assert len(state.alert.posts) <= 50
    assert len(state.alert.terms.counts) <= 100
    assert len(state.terms.counts) <= 100


def test_it_stops_taking_new_brands_past_its_limit():
    detector = SpikeDetector(settings=SpikeSettings(max_brands=2))
    for index in range(5):
        detector.add(Mention(str(index), f"brand{index}", MONDAY, "hello", 0.0))

    assert len(detector.brands) == 2
    assert detector.dropped_brands == 3


def test_it_survives_times_far_in_the_future_and_back():
    detector = SpikeDetector()
    mentions = [
        Mention("1", "acme", MONDAY, "a", 0.0),
        Mention("2", "acme", datetime(2199, 12, 31, 23, 59, tzinfo=UTC), "b", 0.0),
        Mention("3", "acme", datetime.max.replace(tzinfo=UTC), "c", 0.0),
        Mention("4", "acme", datetime.min.replace(tzinfo=UTC), "d", 0.0),
        Mention("5", "acme", MONDAY + timedelta(minutes=5), "e", 0.0),
    ]

    list(detector.run(mentions))

    assert detector.dropped_out_of_range == 2
    assert detector.dropped_late == 1


def test_it_refuses_a_mention_without_a_time_zone():
    with pytest.raises(RecordError, match="zone"):
        parse_mention({"id": "1", "brand": "acme", "text": "x", "created_at": "2026-01-01T10:00"})


def test_it_reads_sentiment_as_a_number_or_a_label():
    base = {"id": "1", "brand": "acme", "text": "x", "created_at": "2026-01-01T10:00:00Z"}

    assert parse_mention({**base, "sentiment": "negative"}).sentiment == -1.0
    assert parse_mention({**base, "sentiment": 0.4}).sentiment == 0.4
    assert parse_mention(base).sentiment is None
    with pytest.raises(RecordError, match="sentiment"):
        parse_mention({**base, "sentiment": "furious"})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["id", "brand", "text", "created_at", "sentiment"]), json_values
    )
)
def test_no_record_crashes_the_parser(record):
    with contextlib.suppress(RecordError):
        parse_mention(record)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "ç"]),
            st.integers(min_value=-(10**7), max_value=10**7),
            st.text(max_size=40),
            st.none() | st.floats(min_value=-1, max_value=1),
        ),
        max_size=80,
    )
)
def test_no_stream_crashes_the_detector(items):
    # Times jump back and forth by up to months: out of order, gaps, bursts.
    mentions = [
        Mention(str(index), brand, MONDAY + timedelta(seconds=offset), text, sentiment)
        for index, (brand, offset, text, sentiment) in enumerate(items)
    ]
    for event in run(mentions):
        assert set(event.record) >= OUTPUT_KEYS


def test_a_sentiment_function_may_answer_with_labels():
    onset = MONDAY + timedelta(days=15, hours=2)
    unlabelled = surge(start=onset, count=60, minutes=60, sentiment=None)

    def label(text):
        return "negative" if "outage" in text else "neutral"

    events = run(in_time_order(rhythm_stream(days=16), unlabelled), sentiment_fn=label)

    assert opened(events)[0].record["kind"] in {NEGATIVE_VOLUME, NEGATIVE_SHARE}


def test_the_baseline_follows_local_time_across_a_clock_change():
    brussels = ZoneInfo("Europe/Brussels")
    # Three weeks of a Brussels morning peak; clocks go forward on Sunday 29 March 2026.
    start = datetime(2026, 3, 16, tzinfo=UTC)
    mentions = rhythm_stream(days=21, start=start, zone=brussels, seed=6)
    detector = SpikeDetector(settings=SpikeSettings(zone=brussels))

    events = list(detector.run(mentions))

    assert [e for e in events if when(e.record["start"]) > start + timedelta(days=7)] == []


def test_a_mention_far_out_of_order_is_counted_as_dropped_not_in_the_past():
    detector = SpikeDetector()
    detector.add(Mention("1", "acme", MONDAY + timedelta(hours=2), "a", 0.0))
    detector.add(Mention("2", "acme", MONDAY + timedelta(hours=2, minutes=-5), "b", 0.0))
    detector.add(Mention("3", "acme", MONDAY, "c", 0.0))

    assert detector.dropped_late == 1
    current = detector.brands["acme"].current
    assert current is not None and current.count == 2


def test_a_restored_detector_goes_on_as_if_it_had_never_stopped():
    onset = MONDAY + timedelta(days=15, hours=2)
    mentions = in_time_order(rhythm_stream(days=16), surge(start=onset, count=60, minutes=60))
    # Stop in the middle of the surge, with an alert open.
    cut = next(i for i, m in enumerate(mentions) if m.created_at > onset + timedelta(minutes=40))

    uninterrupted = run(mentions)
    first = SpikeDetector()
    before = [event for mention in mentions[:cut] for event in first.add(mention)]
    saved = json.loads(json.dumps(snapshot(first)))
    after = list(restore(saved).run(mentions[cut:]))

    assert [e.record for e in before + after] == [e.record for e in uninterrupted]


def test_a_damaged_snapshot_is_refused():
    with pytest.raises(StateError):
        restore({"version": 1, "dropped_brands": 0, "brands": {"acme": {"baseline": {}}}})
    with pytest.raises(StateError):
        restore({"version": 99})


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(["version", "dropped_brands", "brands"]), json_values))
def test_no_snapshot_crashes_restoring(data):
    with contextlib.suppress(StateError):
        restore(data)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.datetimes(timezones=st.just(UTC)), max_size=20))
def test_no_time_crashes_the_detector(moments):
    list(SpikeDetector().run([Mention(str(i), "acme", m, "x") for i, m in enumerate(moments)]))


def test_a_jump_in_the_share_of_complaints_is_flagged_without_more_mentions():
    rng = random.Random(1)
    onset = MONDAY + timedelta(days=15, hours=10)
    steady = rhythm_stream(days=16, rate=lambda hour: 60.0, seed=3)
    mentions = []
    for mention in steady:
        in_surge = onset <= mention.created_at < onset + timedelta(hours=2)
        negative = rng.random() < (0.7 if in_surge else 0.2)
        mentions.append(replace(mention, sentiment=-1.0 if negative else 0.0))

    alerts = [
        event.record
        for event in opened(run(mentions))
        if when(event.record["start"]) >= onset - timedelta(hours=1)
    ]

    assert len(alerts) == 1
    assert alerts[0]["kind"] in {NEGATIVE_SHARE, NEGATIVE_VOLUME}
    assert when(alerts[0]["peak"]) - onset <= timedelta(minutes=40)


def test_a_surge_that_flares_up_again_soon_after_a_lull_keeps_its_one_alert():
    onset = MONDAY + timedelta(days=15, hours=2)
    first = surge(start=onset, count=60, minutes=40)
    again = surge(start=onset + timedelta(hours=2), count=60, minutes=40)
    events = run(in_time_order(rhythm_stream(days=16), first, again))

    assert len({event.record["start"] for event in events}) == 1
    assert [event.status for event in events].count(OVER) >= 2
    assert events[-1].status == OVER


def test_a_surge_a_day_after_the_last_one_is_over_gets_an_alert_of_its_own():
    onset = MONDAY + timedelta(days=15, hours=2)
    first = surge(start=onset, count=60, minutes=40)
    next_day = surge(start=onset + timedelta(days=1), count=60, minutes=40)
    events = run(in_time_order(rhythm_stream(days=17), first, next_day))

    assert len({event.record["start"] for event in events}) == 2


def test_a_new_channel_alerts_on_its_first_day_from_the_pooled_profile_and_says_it_is_unsure():
    first_day = MONDAY + timedelta(days=15)
    established = [rhythm_stream(brand=brand, days=16, seed=n) for n, brand in enumerate("ab")]
    newcomer = rhythm_stream(brand="newco", days=1, start=first_day, seed=7)
    onset = first_day + timedelta(hours=14)
    burst = surge(brand="newco", start=onset, count=80, minutes=60)

    quiet_day = [
        e for e in run(in_time_order(*established, newcomer)) if e.record["brand"] == "newco"
    ]
    events = run(in_time_order(*established, newcomer, burst))
    alerts = [event for event in opened(events) if event.record["brand"] == "newco"]

    assert quiet_day == []  # its first morning peak is expected from the other channels' hours
    assert len(alerts) == 1
    assert when(alerts[0].record["peak"]) - onset <= timedelta(hours=1)
    assert alerts[0].record["confidence"] < 0.5


def test_a_brand_alone_waits_a_day_before_it_alerts():
    onset = MONDAY + timedelta(hours=14)
    events = run(in_time_order(rhythm_stream(days=1), surge(start=onset, count=80, minutes=60)))

    assert events == []


def test_a_one_bucket_blip_is_not_reopened_by_a_surge_hours_later():
    onset = MONDAY + timedelta(days=15, hours=2)
    blip = surge(start=onset, count=25, minutes=8)
    later = surge(start=onset + timedelta(hours=4), count=80, minutes=60)
    events = run(in_time_order(rhythm_stream(days=16), blip, later))

    starts = sorted({when(event.record["start"]) for event in events})
    assert len(starts) == 2
    assert starts[1] >= onset + timedelta(hours=3)


def test_a_surge_in_the_hours_of_an_alert_does_not_teach_the_baseline_it_is_normal():
    onset = MONDAY + timedelta(days=15, hours=2)
    history = rhythm_stream(days=16)
    learned = {}
    for name, stream in (
        ("quiet", history),
        ("surge", in_time_order(history, surge(start=onset, count=300, minutes=120))),
    ):
        detector = SpikeDetector()
        list(detector.run(stream))
        learned[name] = detector.brands["acme"].baseline.hour_mean

    for hour in (2, 3):  # a little above the expected, not the surge clipped at three spreads
        assert learned["surge"][hour] - learned["quiet"][hour] < 0.4
