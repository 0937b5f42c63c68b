"""The fixture server's routes live beside each platform's recordings; every route points at a
recording that exists, and the server answers them without knowing any platform itself."""

from __future__ import annotations

from socialgov.engine.sources.recorded_server import SOURCES, platform_routes, recorded_answer

DEMO_PLATFORMS = {"meta", "x", "linkedin", "youtube", "reddit", "slack", "viva_engage", "chatter"}


def test_every_platform_of_the_demo_has_its_routes_beside_its_recordings() -> None:
    assert set(platform_routes()) == DEMO_PLATFORMS


def test_every_route_points_at_a_recording_that_exists_or_carries_its_own_body() -> None:
    for platform, routes in platform_routes().items():
        assert routes, platform
        for route in routes:
            assert route.body or (SOURCES / platform / "recorded" / route.file).is_file(), route


def test_a_paged_route_answers_its_page_only_when_the_parameter_has_its_value() -> None:
    first = (SOURCES / "linkedin/recorded/posts_page_1.json").read_bytes()
    second = (SOURCES / "linkedin/recorded/posts_page_2.json").read_bytes()
    assert recorded_answer("/linkedin/rest/posts", "start=2") == second
    assert recorded_answer("/linkedin/rest/posts", "start=4") == first
    assert recorded_answer("/linkedin/rest/posts", "start=") == first


def test_linkedin_posts_without_recorded_comments_have_an_empty_listing() -> None:
    answer = recorded_answer("/linkedin/rest/socialActions/urn%3Ali%3Ashare%3A1/comments", "")
    assert answer is not None and b'"elements": []' in answer


def test_a_path_of_no_platform_or_of_an_unknown_one_is_not_answered() -> None:
    assert recorded_answer("/", "") is None
    assert recorded_answer("/recorded/x", "") is None
    assert recorded_answer("/mastodon/api/v1/timelines", "") is None
