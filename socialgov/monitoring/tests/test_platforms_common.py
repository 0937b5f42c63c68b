"""Behaviour every commercial and internal platform connector shares, on recorded responses in
each platform's own format, served by a local HTTP server."""

from __future__ import annotations

import pytest

from socialgov.engine.sources import (
    CredentialsRejected,
    InvalidConfiguration,
    SourceUnavailable,
    build_source,
)
from socialgov.engine.tests.played_server import Reply, local_client, played_server
from socialgov.monitoring.tests.platforms import CASE_IDS, CASES, PlatformCase

pytestmark = pytest.mark.parametrize("case", CASES, ids=CASE_IDS)


def _listing_requests(server, case: PlatformCase):
    return [seen for seen in server.requests if seen.path == case.listing]


def test_it_walks_every_page_back_to_the_stored_watermark(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.page_1, case.page_2)
        cursor = {case.cursor_key: {"watermark": case.old_watermark}}
        batches = list(case.source(server).batches(cursor))
    listing = _listing_requests(server, case)
    assert len(listing) == 2
    assert listing[1].query[case.page_token_param] == [case.page_1_token]
    final = batches[-1].cursor[case.cursor_key]
    assert "walk" not in final
    assert final["watermark"] > case.old_watermark
    assert sum(len(batch.posts) for batch in batches) >= 3


def test_a_walk_in_progress_is_in_the_cursor_so_a_restart_continues_it(
    case: PlatformCase,
) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.page_1, Reply(200, b'{"broken": '))
        cursor = {case.cursor_key: {"watermark": case.old_watermark}}
        batches = []
        with pytest.raises(SourceUnavailable, match="malformed or truncated"):
            for batch in case.source(server).batches(cursor):
                batches.append(batch)
        stored = batches[-1].cursor
        assert stored[case.cursor_key]["walk"]["token"] == case.page_1_token
        server.requests.clear()
        server.on(case.listing, case.page_2)
        list(case.source(server).batches(stored))
    assert _listing_requests(server, case)[0].query[case.page_token_param] == [case.page_1_token]


def test_the_first_poll_reads_the_newest_page_only(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.page_1, case.page_2)
        batches = list(case.source(server, **case.one_page).batches({}))
    assert len(_listing_requests(server, case)) == 1
    assert batches[-1].cursor[case.cursor_key]["watermark"]


def test_an_expired_token_that_cannot_be_renewed_marks_the_credentials_rejected(
    case: PlatformCase,
) -> None:
    with played_server() as server:
        case.setup(server)
        if case.kind == "reddit":  # Reddit's expiry shows at the token endpoint
            server.on("/api/v1/access_token", case.expired)
        server.on(case.listing, case.expired)
        with pytest.raises(CredentialsRejected) as raised:
            list(case.source(server).batches({}))
    assert len(str(raised.value)) > 20  # says what to do, not just "401"


def test_a_missing_permission_is_reported_as_refused_credentials(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.forbidden)
        with pytest.raises(CredentialsRejected, match=r"PLATFORMS\.md"):
            list(case.source(server).batches({}))


def test_a_spent_rate_limit_stops_the_poll_without_hammering(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.rate_limited())
        with pytest.raises(SourceUnavailable):
            list(case.source(server).batches({}))
    assert len(_listing_requests(server, case)) == 1


def test_server_errors_are_retried_with_back_off(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, Reply(503, b"busy"), Reply(500, b"oops"), case.page_1)
        client = local_client()
        config = {**case.config(server.base), **case.one_page}
        source = build_source(case.kind, config, dict(case.secrets), client)
        batches = list(source.batches({}))
    assert len(_listing_requests(server, case)) == 3
    assert sum(len(batch.posts) for batch in batches) >= 1
    assert len(client.sleeps) >= 2  # type: ignore[attr-defined]


def test_a_platform_that_keeps_failing_is_unavailable_not_a_crash(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, Reply(502, b"<html>bad gateway</html>"))
        with pytest.raises(SourceUnavailable):
            list(case.source(server).batches({}))


@pytest.mark.parametrize(
    "body", [b"<html>maintenance</html>", b"", b"\xff\xfe garbage", None], ids=str
)
def test_malformed_and_truncated_bodies_are_refused_without_moving_the_cursor(
    case: PlatformCase, body: bytes | None
) -> None:
    with played_server() as server:
        case.setup(server)
        if body is None:
            payload = case.page_1.body
            assert isinstance(payload, bytes)
            body = payload[: len(payload) // 2]
        server.on(case.listing, Reply(200, body, {"Content-Type": "application/json"}))
        seen = []
        with pytest.raises(SourceUnavailable):
            cursor = {case.cursor_key: {"watermark": case.old_watermark}}
            for batch in case.source(server).batches(cursor):
                seen.append(batch)
    unmoved = {"watermark": case.old_watermark}
    assert all(batch.cursor.get(case.cursor_key, unmoved) == unmoved for batch in seen)


def test_a_repeated_page_yields_each_item_once_per_batch(case: PlatformCase) -> None:
    with played_server() as server:
        case.setup(server)
        server.on(case.listing, case.page_1)
        batch = next(
            b
            for b in case.source(server, **case.one_page).batches({})
            if case.cursor_key in b.cursor and b.posts
        )
    ids = [post.external_id for post in batch.posts]
    assert len(ids) == len(set(ids))


def test_it_refuses_a_configuration_without_anything_to_watch(case: PlatformCase) -> None:
    config = {
        key: value
        for key, value in case.config("http://127.0.0.1:1").items()
        if not isinstance(value, list)
    }
    with pytest.raises(InvalidConfiguration):
        build_source(case.kind, config, dict(case.secrets), local_client())


def test_it_refuses_an_api_base_that_is_not_http(case: PlatformCase) -> None:
    config = {
        key: ("file:///etc/passwd" if key.endswith(("_base", "_url")) else value)
        for key, value in case.config("http://127.0.0.1:1").items()
    }
    with pytest.raises(InvalidConfiguration):
        build_source(case.kind, config, dict(case.secrets), local_client())
