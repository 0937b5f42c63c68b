import contextlib
import io
import random
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageEnhance

from socialgov.engine.detectors.confusables import edit_distance, skeleton
from socialgov.engine.detectors.impersonation import (
    ImpersonationIndex,
    Profile,
    parse_profile,
)
from socialgov.engine.detectors.names import strip_affixes
from socialgov.engine.detectors.phash import hash_distance, parse_hash, perceptual_hash
from socialgov.engine.detectors.streams import RecordError

NOW = datetime(2026, 11, 27, tzinfo=UTC)
AVATAR = 0x8F3C_21A0_77E1_0B5D

BRAND = Profile(
    platform="twitter",
    handle="AcmeBank",
    display_name="Acme Bank",
    bio="The official account of Acme Bank Belgium. We answer your questions on weekdays 9-17.",
    avatar_hash=AVATAR,
    created_at=datetime(2011, 5, 1, tzinfo=UTC),
    followers=120_000,
    url="https://www.acmebank.be",
)
CEO = Profile(
    platform="twitter",
    handle="JaneDoeCEO",
    display_name="Jane Doe",
    bio="CEO of Acme Bank. Views my own.",
)
SUPPORT = Profile(platform="twitter", handle="AcmeBank_Help", display_name="Acme Bank Help")


@pytest.fixture
def index():
    return ImpersonationIndex([BRAND, CEO, SUPPORT])


def candidate(handle, display_name="", **fields):
    return Profile(platform="twitter", handle=handle, display_name=display_name, **fields)


@pytest.mark.parametrize(
    ("handle", "display_name", "why"),
    [
        ("AcmeBаnk", "Acme Bank", "look-alike"),  # Cyrillic а
        ("AcrneBank", "Acme Bank", "look-alike"),  # rn for m
        ("Acm3Bank", "Acme Bank", "look-alike"),  # digit for letter
        ("AcmeBank_Support", "Acme Bank Support", "support"),
        ("officialacmebank", "Acme Bank", "official"),
        ("AcmeBank_NL", "Acme Bank NL", "nl"),
        ("AcmeBankk", "Acme Bank", "one edit"),
        ("AceBank", "", "one edit"),  # an 'm' dropped: one edit, not two
        ("Jane_Doe_CEO", "Jane Doe", "separators"),
    ],
)
def test_it_flags_look_alike_handles(index, handle, display_name, why):
    match = index.match(candidate(handle, display_name), now=NOW)

    assert match is not None
    assert match.score >= 0.7
    assert any(why in reason for reason in match.reasons)


def test_it_flags_a_copied_avatar_behind_an_unrelated_handle(index):
    copied = AVATAR ^ 0b1011  # three bits changed by re-compression
    match = index.match(candidate("giveaways_4u", "Acme", avatar_hash=copied), now=NOW)

    assert match is not None
    assert match.protected == BRAND
    assert any("avatar" in reason for reason in match.reasons)


def test_it_flags_a_copied_name_and_bio(index):
    copy = candidate("helpdesk_2291", "Acme Bank", bio=BRAND.bio)

    match = index.match(copy, now=NOW)

    assert match is not None
    assert any("bio" in reason for reason in match.reasons)


def test_a_new_account_and_a_look_alike_link_add_to_the_score(index):
    plain = index.match(candidate("AcmeBankk"), now=NOW)
    dressed = index.match(
        candidate("AcmeBankk", created_at=NOW - timedelta(days=3), url="https://acmebank-be.com"),
        now=NOW,
    )

    assert plain is not None and dressed is not None
    assert dressed.score > plain.score
    assert any("3 days ago" in reason for reason in dressed.reasons)
    assert any("look-alike domain" in reason for reason in dressed.reasons)


def test_it_never_flags_the_genuine_accounts(index):
    for genuine in (BRAND, CEO, SUPPORT):
        assert index.match(genuine, now=NOW) is None
        assert index.match(candidate(genuine.handle.upper()), now=NOW) is None


def test_it_does_not_flag_a_declared_fan_account(index):
    fan = candidate(
        "acmebank_fans",
        "Acme Bank fans",
        bio="Unofficial fan page about Acme Bank. Not affiliated with the bank.",
    )

    assert index.match(fan, now=NOW) is None


@pytest.mark.parametrize(
    "profile",
    [
        candidate("marie_dupont", "Marie Dupont", bio="Happy Acme Bank customer since 2010"),
        candidate("janedoe1987", "Jane Doe", bio="Nurse in Ghent. Cyclist."),  # a namesake
        candidate("acmebikes", "Acme Bikes", bio="Bicycle repairs in Leuven"),
        candidate("ac", "A"),
    ],
)
def test_it_does_not_flag_ordinary_accounts(index, profile):
    assert index.match(profile, now=NOW) is None


def test_the_index_finds_what_scoring_every_pair_finds():
    rng = random.Random(3)
    letters = "abcdefghijklmnopqrstuvwxyz"
    protected = [
        Profile(
            "twitter",
            "".join(rng.choices(letters, k=rng.randrange(4, 12))),
            avatar_hash=rng.getrandbits(64),
        )
        for _ in range(60)
    ]
    index = ImpersonationIndex(protected)
    candidates = []
    for target in protected:
        handle = target.handle
        candidates += [
            candidate(handle[:-1] + "x"),
            candidate("the" + handle + "nl"),
            candidate(handle.replace("o", "0")),
            candidate(handle + "123", url="https://" + handle + "-login.com"),
            candidate("zz" + handle[1:], created_at=NOW),
            candidate("someone", avatar_hash=(target.avatar_hash or 0) ^ 0x7F),
            candidate("someone", avatar_hash=(target.avatar_hash or 0) ^ 0x0101_0101_0101_0101),
            candidate("someone", avatar_hash=(target.avatar_hash or 0) ^ 0x0301_0101_0101_0101),
        ]
    names = ["Acme Bank Belgium", "Jane Doe", "Morrow Wealth", "Bakery Lemmens"]
    protected += [Profile("twitter", f"brand{index}", name) for index, name in enumerate(names)]
    index = ImpersonationIndex(protected)
    for name in names:
        candidates += [
            candidate("someone1", name + " Support"),
            candidate("someone2", name.replace(" ", "") + "Support"),
            candidate("someone3", name[:-1]),
            candidate("someone4", name.replace("m", "n", 1), created_at=NOW),
            candidate("someone5", name + " NL", url="https://example.com"),
        ]
    candidates += [candidate("".join(rng.choices(letters, k=8))) for _ in range(200)]

    for profile in candidates:
        fast = index.match(profile, now=NOW)
        slow = index.match(profile, now=NOW, exhaustive=True)
        assert (fast and fast.score) == (slow and slow.score), profile.handle


def test_confusable_folding_makes_look_alikes_equal():
    assert skeleton("PаypaI") == skeleton("paypal")  # Cyrillic а, capital I
    assert skeleton("ＡＣＭＥ") == skeleton("acme")  # full-width
    assert skeleton("acrne") == skeleton("acme")
    assert skeleton("Acmé_Bank") == skeleton("acmebank")
    assert skeleton("acme") != skeleton("acne")


def test_affixes_come_off_in_stages():
    stages = [core for core, _ in strip_affixes(skeleton("acmebank_nl_support"))]

    assert skeleton("acmebanknl") in stages
    assert skeleton("acmebank") in stages


def test_edit_distance_counts_a_swap_as_one():
    assert edit_distance("acme", "amce") == 1
    assert edit_distance("acme", "acme") == 0
    assert edit_distance("acme", "xxxxxxxx", limit=2) == 3


def _drawing():
    image = Image.new("RGB", (160, 160), (240, 240, 240))
    draw = ImageDraw.Draw(image)
    draw.ellipse([20, 20, 120, 120], fill=(200, 30, 30))
    draw.rectangle([80, 70, 150, 150], fill=(20, 40, 160))
    return image


def _hash(image, fmt="PNG", **options):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    buffer.seek(0)
    return parse_hash(perceptual_hash(buffer))


def test_a_resized_recompressed_avatar_keeps_its_perceptual_hash():
    original = _drawing()
    copy = ImageEnhance.Brightness(original.resize((48, 48))).enhance(1.08)
    other = Image.new("RGB", (160, 160), (10, 10, 10))
    ImageDraw.Draw(other).polygon([(0, 160), (80, 0), (160, 160)], fill=(250, 250, 0))

    first, second, third = _hash(original), _hash(copy, "JPEG", quality=60), _hash(other)
    assert first is not None and second is not None and third is not None
    assert hash_distance(first, second) <= 6
    assert hash_distance(first, third) > 16


def test_it_refuses_an_avatar_hash_that_is_not_sixteen_hex_digits():
    with pytest.raises(RecordError, match="avatar_hash"):
        parse_profile({"platform": "x", "handle": "a", "avatar_hash": "not-a-hash"})


profile_records = st.fixed_dictionaries(
    {},
    optional={
        "platform": st.text(max_size=10) | st.integers(),
        "handle": st.text(max_size=30),
        "display_name": st.text(max_size=30) | st.none(),
        "bio": st.text(max_size=80),
        "avatar_hash": st.text(alphabet="0123456789abcdefg", max_size=17),
        "created_at": st.text(max_size=30) | st.just("2026-11-01T00:00:00Z"),
        "followers": st.integers() | st.floats() | st.text(max_size=3),
        "url": st.text(max_size=40),
    },
)


@settings(max_examples=300, deadline=None)
@given(profile_records)
def test_no_profile_crashes_parsing_or_matching(record):
    index = ImpersonationIndex([BRAND, CEO, SUPPORT])
    with contextlib.suppress(RecordError):
        profile = parse_profile(record)
        match = index.match(profile, now=NOW)
        assert match is None or 0 <= match.score <= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_folding_any_text_gives_letters_and_digits(text):
    folded = skeleton(text)
    assert folded == skeleton(folded)
    assert all(character.isalnum() for character in folded)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_anything_that_is_not_an_image_is_a_value_error(data):
    with contextlib.suppress(ValueError):
        perceptual_hash(io.BytesIO(data))


def test_a_truncated_image_is_a_value_error():
    buffer = io.BytesIO()
    _drawing().save(buffer, format="PNG")
    with pytest.raises(ValueError, match="not a readable image"):
        perceptual_hash(io.BytesIO(buffer.getvalue()[:200]))


def test_it_flags_a_copied_display_name_under_a_new_unrelated_handle(index):
    copy = candidate(
        "support_desk_2291",
        "Acme Bank",
        created_at=NOW - timedelta(days=6),
        followers=14,
    )

    match = index.match(copy, now=NOW)

    assert match is not None
    assert match.protected.handle == "AcmeBank"
    assert any(
        why == "copies the display name; the account is weeks old, with 14 followers"
        for why in match.reasons
    )


def test_a_copied_display_name_with_a_confusable_letter_is_flagged_too(index):
    copy = candidate("helpdesk_be", "Acme Bаnk", created_at=NOW - timedelta(days=3), followers=2)

    assert index.match(copy, now=NOW) is not None


@pytest.mark.parametrize(
    ("why", "fields"),
    [
        (
            "an old account with an ordinary audience",
            {"created_at": datetime(2015, 1, 1, tzinfo=UTC), "followers": 9_000},
        ),
        (
            "a verified namesake",
            {"created_at": NOW - timedelta(days=6), "followers": 14, "verified": True},
        ),
    ],
)
def test_a_display_name_alone_is_not_enough(index, why, fields):
    namesake = candidate("pvandenberg", "Acme Bank", **fields)

    assert index.match(namesake, now=NOW) is None, why


def test_a_new_fan_account_that_copies_the_name_is_not_flagged(index):
    fan = candidate(
        "bank_lovers_42",
        "Acme Bank",
        bio="Fan account, not affiliated. Sharing news about my favourite bank.",
        created_at=NOW - timedelta(days=6),
        followers=14,
    )

    assert index.match(fan, now=NOW) is None


def test_a_profile_reads_the_verified_flag_only_when_it_is_true():
    base = {"platform": "x", "handle": "a"}
    assert parse_profile({**base, "verified": True}).verified
    assert not parse_profile({**base, "verified": "yes"}).verified
    assert not parse_profile(base).verified


def test_a_name_copy_is_found_when_the_register_does_not_know_the_genuine_audience():
    index = ImpersonationIndex([Profile("twitter", "JaneDoeCEO", "Jane Doe")])
    copy = candidate("news_desk_77", "Jane Doe", created_at=NOW - timedelta(days=10), followers=3)

    assert index.match(copy, now=NOW) is not None


@pytest.mark.parametrize(
    "display_name",
    ["Dr. Doe Jane", "Doe Jane (CEO)", "Mevrouw Jane Doe", "Prof. ir. Doe Jane", "M. Jane Doe"],
)
def test_an_executive_with_a_title_and_the_words_reversed_is_flagged(display_name):
    index = ImpersonationIndex([Profile("twitter", "JaneDoeCEO", "Jane Doe")])
    copy = candidate("office_4410", display_name, created_at=NOW - timedelta(days=20), followers=8)

    match = index.match(copy, now=NOW)

    assert match is not None
    assert match.protected.handle == "JaneDoeCEO"


def test_the_reason_says_titles_or_word_order_changed():
    index = ImpersonationIndex([Profile("twitter", "JaneDoeCEO", "Jane Doe")])
    copy = candidate(
        "office_4410", "Dr. Doe Jane", created_at=NOW - timedelta(days=20), followers=8
    )

    match = index.match(copy, now=NOW)

    assert match is not None
    assert "display name 'Dr. Doe Jane' is 'Jane Doe' with titles or word order changed" in (
        match.reasons
    )


def test_an_established_namesake_with_a_title_is_not_flagged():
    index = ImpersonationIndex([Profile("twitter", "JaneDoeCEO", "Jane Doe")])
    namesake = candidate(
        "jdoe_md", "Dr. Jane Doe", created_at=datetime(2014, 3, 1, tzinfo=UTC), followers=640
    )

    assert index.match(namesake, now=NOW) is None


@pytest.mark.parametrize(
    "bio",
    [
        "Parodie. Niet officieel.",
        "Compte parodique, non officiel",
        "Unofficial fan page",
        "Parody account",
    ],
)
def test_a_new_parody_or_fan_account_with_the_executive_s_name_is_not_flagged(bio):
    index = ImpersonationIndex([Profile("twitter", "JaneDoeCEO", "Jane Doe", verified=True)])
    parody = candidate(
        "not_jane_77", "Jane Doe", bio=bio, created_at=NOW - timedelta(days=20), followers=8
    )

    assert index.match(parody, now=NOW) is None


def test_a_name_copy_under_an_old_handle_with_a_big_audience_is_a_namesake():
    index = ImpersonationIndex([BRAND])
    namesake = candidate(
        "acme_fans_club_1999",
        "Acme Bank",
        created_at=datetime(2012, 1, 1, tzinfo=UTC),
        followers=250_000,
    )

    assert index.match(namesake, now=NOW) is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text("abcdefmnrw01", min_size=3, max_size=12), min_size=1, max_size=8),
    st.text("abcdefmnrw01", min_size=1, max_size=14),
)
def test_one_edit_variants_pruned_by_the_keys_edges_find_the_same_keys(protected, candidate):
    from socialgov.engine.detectors.name_keys import NameKeys, deletions, variants

    keys = NameKeys()
    for number, name in enumerate(protected):
        keys.add(name, number)
        for variant in deletions(name):
            keys.add(variant, number)
    keys.freeze()

    _, every = variants(candidate, 3)
    _, pruned = variants(candidate, 3, edges=keys.edges)

    assert pruned <= every
    assert every & keys.keys == pruned & keys.keys
