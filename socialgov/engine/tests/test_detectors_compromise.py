import contextlib
from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialgov.engine.detectors.compromise import (
    CompromiseDetector,
    OwnPost,
    ProfileChange,
    parse_own_record,
)
from socialgov.engine.detectors.streams import RecordError
from socialgov.engine.tests.detector_streams import MONDAY, account_history


def flagged(records):
    return {alert.post_id: alert for alert in CompromiseDetector().run(records)}


def hijack_burst(start, count=4):
    return [
        OwnPost(
            id=f"hijack-{index}",
            account="acme_be",
            created_at=start + timedelta(minutes=2 * index),
            text="Huge #giveaway! Send 0.1 BTC to our wallet and get double back. Claim now",
            source="Twitter for Android",
            lang="en",
            urls=("https://acme-gift.xyz/claim",),
        )
        for index in range(count)
    ]


def odd_post(moment):
    """A post unlike the account's history, but with no sign of a scam on its own."""
    return OwnPost(
        id="odd",
        account="acme_be",
        created_at=moment,
        text="Visit our partner for a surprise",
        source="Twitter Web App",
        lang="en",
        urls=("https://partner-deals.example/",),
    )


def test_it_flags_every_post_of_a_hijack_burst_and_says_why():
    history = account_history(days=60)
    burst = hijack_burst(history[-1].created_at.replace(hour=3) + timedelta(days=1))

    alerts = flagged(history + burst)

    assert {post.id for post in burst} <= set(alerts)
    reasons = " ".join(alerts["hijack-0"].reasons)
    assert "scam" in reasons
    assert "Twitter for Android" in reasons
    assert "03:00" in reasons
    assert "acme-gift.xyz" in reasons


def test_a_busy_campaign_day_is_not_a_hijack():
    history = account_history(days=60)
    day = history[-1].created_at.replace(hour=9, minute=0) + timedelta(days=3)
    campaign = [
        OwnPost(
            id=f"campaign-{index}",
            account="acme_be",
            created_at=day + timedelta(minutes=25 * index),
            text=f"Black Friday at Acme: offer {index} in every store today #blackfriday #acme",
            source="Hootsuite Inc.",
            lang="en",
            urls=(f"https://www.acme.be/blackfriday/{index}",),
        )
        for index in range(16)
    ]

    assert flagged(history + campaign) == {}


def test_one_odd_hour_is_not_a_hijack():
    history = account_history(days=60)
    late = replace(
        history[-5],
        id="late-night",
        created_at=history[-1].created_at.replace(hour=23) + timedelta(days=1),
    )

    assert "late-night" not in flagged([*history, late])


def test_flagged_posts_do_not_become_normal():
    history = account_history(days=60)
    start = history[-1].created_at.replace(hour=3) + timedelta(days=1)
    first = hijack_burst(start, count=3)
    later = [
        replace(post, id=f"again-{index}", created_at=post.created_at + timedelta(days=2))
        for index, post in enumerate(first)
    ]

    alerts = flagged(history + first + later)

    assert {post.id for post in later} <= set(alerts)


def test_a_reported_profile_change_raises_the_score():
    history = account_history(days=60)
    moment = history[-1].created_at + timedelta(days=1)
    odd = odd_post(moment)
    change = ProfileChange("acme_be", moment - timedelta(hours=2), ("email", "phone"))

    without = flagged([*history, odd])
    with_change = flagged([*history, change, odd])

    assert "odd" in with_change
    assert "odd" not in without or with_change["odd"].score > without["odd"].score
    assert any("profile changed" in reason for reason in with_change["odd"].reasons)


def test_it_learns_each_account_separately():
    ours = account_history(account="acme_be", days=60)
    theirs = [
        replace(post, id=f"ceo-{index}", account="acme_ceo", source="Twitter for Android")
        for index, post in enumerate(account_history(account="acme_ceo", days=60, seed=9))
    ]

    assert flagged(sorted(ours + theirs, key=lambda post: post.created_at)) == {}


def test_it_reads_urls_from_the_field_or_the_text():
    record = {
        "id": "1",
        "account": "acme_be",
        "created_at": "2026-03-02T10:00:00+01:00",
        "text": "see https://acme.be/x",
        "urls": ["https://acme.be/x"],
    }

    post = parse_own_record(record)

    assert isinstance(post, OwnPost)
    assert post.urls == ("https://acme.be/x",)


def test_it_refuses_an_unknown_event():
    with pytest.raises(RecordError, match="event"):
        parse_own_record(
            {"account": "a", "created_at": "2026-03-02T10:00:00Z", "event": "password_reset"}
        )


@settings(max_examples=200, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "id": st.text(max_size=5) | st.integers(),
            "account": st.sampled_from(["a", "b"]) | st.none(),
            "created_at": st.sampled_from(["2026-03-02T10:00:00Z", "yesterday", "2026-03-02"]),
            "text": st.text(max_size=200),
            "source": st.text(max_size=10) | st.integers(),
            "lang": st.text(max_size=5),
            "urls": st.lists(st.text(max_size=30), max_size=3) | st.text(max_size=30),
            "event": st.sampled_from(["post", "profile_change", "other"]),
            "changes": st.lists(st.text(max_size=5), max_size=3),
        },
    )
)
def test_no_record_crashes_parsing(record):
    with contextlib.suppress(RecordError):
        parse_own_record(record)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**7),
            st.text(max_size=120),
            st.sampled_from(["", "Hootsuite", "Android"]),
            st.sampled_from(["", "en", "nl"]),
            st.lists(st.text(max_size=40), max_size=3),
        ),
        max_size=120,
    )
)
def test_no_history_crashes_the_detector(items):
    posts = sorted(
        (
            OwnPost(
                str(index),
                "acme",
                MONDAY + timedelta(seconds=offset),
                text,
                source,
                lang,
                tuple(urls),
            )
            for index, (offset, text, source, lang, urls) in enumerate(items)
        ),
        key=lambda post: post.created_at,
    )
    for alert in CompromiseDetector().run(posts):
        assert 0 <= alert.score <= 1
        assert alert.reasons


@settings(max_examples=100, deadline=None)
@given(st.lists(st.datetimes(timezones=st.just(UTC)), max_size=20))
def test_no_time_crashes_the_detector(moments):
    posts = [OwnPost(str(i), "acme", moment, "hello") for i, moment in enumerate(moments)]
    list(CompromiseDetector().run(posts))


def scored(history, toxicity=0.05):
    return [replace(post, toxicity=toxicity) for post in history]


def test_vandalism_from_the_usual_client_is_flagged_and_says_by_how_much():
    history = scored(account_history(days=60))
    last = history[-1]
    vandalism = replace(
        last,
        id="vandal-1",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        text="You are all worthless idiots and I hope this company burns",
        urls=(),
        toxicity=0.97,
    )

    alerts = flagged([*history, vandalism])

    assert "vandal-1" in alerts
    assert any(
        reason == "offensive language (toxicity 0.97; 99% of the account's posts at most 0.05)"
        for reason in alerts["vandal-1"].reasons
    )


def test_an_ordinary_post_from_the_usual_client_is_not_flagged():
    history = scored(account_history(days=60))
    last = history[-1]
    ordinary = replace(
        last,
        id="ordinary-1",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        text="News about opening hours at Acme: read more on our site #acme",
        toxicity=0.08,
    )

    assert "ordinary-1" not in flagged([*history, ordinary])


def brand_voice(history):
    """A brand's own posts: never offensive, now and then mildly negative (an apology)."""
    return [
        replace(
            post, toxicity=0.02 + 0.1 * (index % 4) / 3, negativity=0.05 + 0.3 * (index % 5) / 4
        )
        for index, post in enumerate(history)
    ]


def test_hostile_vandalism_without_insults_from_the_usual_client_is_flagged():
    history = brand_voice(account_history(days=60))
    last = history[-1]
    vandalism = replace(
        last,
        id="vandal-2",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        text="Our customers are children trapped in adult bodies and deserve nothing",
        urls=(),
        toxicity=0.55,
        negativity=0.8,
    )

    alerts = flagged([*history, vandalism])

    assert "vandal-2" in alerts
    tone = next(r for r in alerts["vandal-2"].reasons if r.key == "compromise.tone")
    assert tone.params == {
        "negativity": "0.80",
        "toxicity": "0.55",
        "usual_negativity": "0.35",
        "usual_toxicity": "0.12",
    }


def test_ordinary_posts_and_an_apology_on_a_brand_history_are_not_flagged():
    history = brand_voice(account_history(days=60))
    last = history[-1]
    later = [
        replace(
            post,
            id=f"later-{index}",
            created_at=post.created_at + timedelta(days=61),
            negativity=negativity,
        )
        for index, (post, negativity) in enumerate(
            zip(history[-40:], ([0.1, 0.35, 0.6] * 14)[:40], strict=True)
        )
    ]
    apology = replace(
        last,
        id="apology",
        created_at=later[-1].created_at + timedelta(hours=1),
        text="We are very sorry: the outage today was our fault and it should not have happened",
        toxicity=0.1,
        negativity=0.7,
    )

    assert flagged([*history, *later, apology]) == {}


def test_an_account_that_often_sounds_rough_needs_a_second_sign():
    history = scored(account_history(days=60), toxicity=0.7)
    last = history[-1]
    rough = replace(
        last,
        id="rough-1",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        toxicity=0.95,
    )

    assert "rough-1" not in flagged([*history, rough])


def test_mass_mentions_are_a_sign():
    history = scored(account_history(days=60))
    last = history[-1]
    spam = replace(
        last,
        id="mentions-1",
        created_at=last.created_at.replace(hour=3) + timedelta(days=1),
        text="Claim now " + " ".join(f"@user{number}" for number in range(12)),
        source="IFTTT",
        urls=(),
    )

    alerts = flagged([*history, spam])

    assert "mentions-1" in alerts
    assert any("12 accounts mentioned" in reason for reason in alerts["mentions-1"].reasons)


@pytest.mark.parametrize("field", ["toxicity", "negativity"])
def test_a_score_outside_zero_to_one_is_refused(field):
    record = {"account": "a", "id": "1", "created_at": "2026-01-01T00:00:00Z", field: 3}

    with pytest.raises(RecordError, match=field):
        parse_own_record(record)


def test_a_burst_of_deleted_posts_before_an_odd_post_raises_the_alert():
    history = account_history(days=60)
    moment = history[-1].created_at + timedelta(days=1)
    odd = odd_post(moment)
    deletions = [
        parse_own_record(
            {
                "event": "delete",
                "account": "acme_be",
                "id": f"acme_be-{number}",
                "created_at": (moment - timedelta(hours=3, minutes=number)).isoformat(),
            }
        )
        for number in range(6)
    ]

    alerts = flagged([*history, *deletions, odd])

    assert "odd" in alerts
    assert "6 posts deleted within an hour in the 24 h before" in alerts["odd"].reasons


@pytest.mark.parametrize(
    "text",
    [
        "Grote winactie! Koppel je wallet en verdubbel je crypto",
        "Concours : connectez votre portefeuille et doublez vos bitcoins",
        "Uw account is geblokkeerd wegens ongebruikelijke activiteit, log hier in",
    ],
)
def test_scam_wording_in_dutch_and_french_is_a_sign(text):
    history = account_history(days=60)
    moment = history[-1].created_at.replace(hour=3) + timedelta(days=1)
    post = OwnPost(
        id="scam", account="acme_be", created_at=moment, text=text, source="IFTTT", lang="en"
    )

    alerts = flagged([*history, post])

    assert "scam" in alerts
    assert any(reason.startswith("reads like a scam") for reason in alerts["scam"].reasons)


def test_the_accounts_own_wording_read_as_negative_by_the_sentiment_model_is_not_flagged():
    history = brand_voice(account_history(days=60))
    last = history[-1]
    # The account's own words again; only the sentiment model's reading of them is unusual.
    own_words = replace(
        last,
        id="own-words",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        toxicity=0.3,
        negativity=0.95,
    )

    assert "own-words" not in flagged([*history, own_words])


def test_a_slightly_hostile_post_is_one_sign_not_two():
    history = brand_voice(account_history(days=60))
    last = history[-1]
    post = replace(
        last,
        id="sour",
        created_at=last.created_at.replace(hour=11) + timedelta(days=1),
        text="News about Acme: nobody reads our site anymore #acme",
        urls=(),
        toxicity=0.62,
        negativity=0.3,
    )

    alerts = flagged([*history, post])

    assert "sour" not in alerts
    at_night = replace(post, id="sour-at-night", created_at=post.created_at.replace(hour=3))
    assert "sour-at-night" in flagged([*history, at_night])
