"""Handles are normalised per platform so one account has one spelling, and URLs are checked."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from socialgov.channels.handles import HandleError, check_url, normalise_handle
from socialgov.channels.models import Platform


@pytest.mark.parametrize(
    ("platform", "raw", "expected"),
    [
        ("x", "@Mosa_BE", "mosa_be"),
        ("x", "https://twitter.com/Mosa_BE", "mosa_be"),
        ("x", "https://x.com/mosa_be?lang=nl", "mosa_be"),
        ("x", "x.com/Mosa_BE", "mosa_be"),
        ("instagram", "https://www.instagram.com/mosa.verzekeringen/", "mosa.verzekeringen"),
        ("facebook", "https://m.facebook.com/MosaVerzekeringen", "mosaverzekeringen"),
        ("facebook", "https://www.facebook.com/profile.php?id=100064", "id:100064"),
        ("linkedin", "https://www.linkedin.com/company/mosa-insurance/", "company/mosa-insurance"),
        ("linkedin", "mosa-insurance", "company/mosa-insurance"),
        ("youtube", "https://www.youtube.com/@MosaBE", "@mosabe"),
        (
            "youtube",
            "https://youtube.com/channel/UCabcdefghijklmnopqrstuv",
            "channel/UCabcdefghijklmnopqrstuv",
        ),
        ("tiktok", "https://www.tiktok.com/@Mosa.be", "mosa.be"),
        ("mastodon", "@Mosa@Mastodon.Social", "mosa@mastodon.social"),
        ("mastodon", "https://mastodon.social/@Mosa", "mosa@mastodon.social"),
        ("bluesky", "https://bsky.app/profile/mosa.be", "mosa.be"),
        ("bluesky", "@mosa", "mosa.bsky.social"),
        ("reddit", "https://www.reddit.com/r/Mosa/", "r/mosa"),
        ("reddit", "/user/MosaSupport", "u/mosasupport"),
        ("whatsapp_business", "+32 470 12 34 56", "+32470123456"),
        ("whatsapp_business", "0470 12 34 56", "+32470123456"),
        ("whatsapp_business", "https://wa.me/32470123456", "+32470123456"),
        ("teams", "  Sales   Flanders ", "sales flanders"),
        ("viva_engage", "All Company", "all company"),
        ("slack", "#General", "general"),
    ],
)
def test_it_normalises_handles_per_platform(platform: str, raw: str, expected: str) -> None:
    assert normalise_handle(platform, raw) == expected


@pytest.mark.parametrize(
    ("platform", "raw"),
    [
        ("x", "https://facebook.com/mosa"),
        ("x", "https://x.com/home"),
        ("x", "this is not a handle"),
        ("instagram", "javascript:alert(1)"),
        ("instagram", ""),
        ("whatsapp_business", "not a number"),
        ("mastodon", "mosa"),
        ("facebook", "https://user:pw@facebook.com/mosa"),
    ],
)
def test_it_rejects_handles_that_cannot_belong_to_the_platform(platform: str, raw: str) -> None:
    with pytest.raises(HandleError):
        normalise_handle(platform, raw)


def test_it_rejects_a_url_that_does_not_belong_to_the_platform() -> None:
    with pytest.raises(HandleError, match="not an address of this platform"):
        check_url("linkedin", "https://linkedin.com.evil.example/company/mosa")
    assert check_url("linkedin", " https://www.linkedin.com/company/mosa ").startswith("https://")


@given(platform=st.sampled_from(Platform.values), raw=st.text(max_size=300))
def test_normalising_hostile_text_either_gives_a_handle_or_a_clear_error(
    platform: str, raw: str
) -> None:
    try:
        handle = normalise_handle(platform, raw)
    except HandleError as error:
        assert str(error)
    else:
        assert handle
        assert len(handle) <= 200
        # Normalising is idempotent: the canonical form maps to itself.
        assert normalise_handle(platform, handle) == handle


@pytest.mark.parametrize(
    ("platform", "handle"),
    [
        ("facebook", "mosaverzekeringen"),
        ("facebook", "id:100064"),
        ("instagram", "mosa.be"),
        ("x", "mosa_be"),
        ("linkedin", "company/mosa-verzekeringen"),
        ("youtube", "@mosabe"),
        ("tiktok", "mosa.be"),
        ("mastodon", "mosa@mastodon.social"),
        ("bluesky", "mosa.be"),
        ("reddit", "u/mosa_official"),
        ("whatsapp_business", "+32470551234"),
    ],
)
def test_a_profile_url_leads_back_to_the_same_handle(platform: str, handle: str) -> None:
    from socialgov.channels.handles import profile_url

    url = profile_url(platform, handle)
    assert check_url(platform, url) == url
    assert normalise_handle(platform, url) == handle
