"""The guarded HTTP client: retries, rate limits, size limits and address checks."""

from __future__ import annotations

import socket

import pytest

from socialgov.engine.sources.addresses import AddressGuard
from socialgov.engine.sources.http import (
    HttpClient,
    HttpError,
    RateLimited,
    ResponseTooLarge,
    UnsafeUrl,
    parse_rate_limit_reset,
    parse_retry_after,
)
from socialgov.engine.tests.played_server import Reply, local_client, played_server


def test_it_retries_a_server_error_and_returns_the_answer_that_follows() -> None:
    with played_server() as server:
        server.on("/x", Reply(500, b"oops"), Reply(200, b"fine"))
        client = local_client()
        response = client.get(f"{server.base}/x")
    assert response.status == 200
    assert response.body == b"fine"
    assert len(server.requests) == 2
    assert len(client.sleeps) == 1  # type: ignore[attr-defined]


def test_it_waits_as_long_as_retry_after_says_on_429() -> None:
    with played_server() as server:
        server.on("/x", Reply(429, b"", {"Retry-After": "3"}), Reply(200, b"ok"))
        client = local_client()
        response = client.get(f"{server.base}/x")
    assert response.status == 200
    assert client.sleeps == [3.0]  # type: ignore[attr-defined]


def test_it_gives_up_when_retry_after_is_longer_than_it_may_wait() -> None:
    with played_server() as server:
        server.on("/x", Reply(429, b"", {"Retry-After": "3600"}))
        with pytest.raises(RateLimited) as raised:
            local_client().get(f"{server.base}/x")
    assert raised.value.retry_at is not None
    assert len(server.requests) == 1


def test_it_stops_after_the_last_attempt_on_repeated_errors() -> None:
    with played_server() as server:
        server.on("/x", Reply(503, b"down"))
        with pytest.raises(HttpError) as raised:
            local_client().get(f"{server.base}/x")
    assert raised.value.status == 503
    assert len(server.requests) == 3


def test_it_pauses_until_the_rate_limit_window_resets_when_the_budget_is_spent() -> None:
    with played_server() as server:
        server.on(
            "/x",
            Reply(200, b"1", {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "4"}),
            Reply(200, b"2"),
        )
        client = local_client()
        client.get(f"{server.base}/x")
        client.get(f"{server.base}/x")
    assert client.sleeps and 3.5 < client.sleeps[0] <= 4.0  # type: ignore[attr-defined]


def test_it_refuses_a_body_larger_than_the_limit() -> None:
    with played_server() as server:
        server.on("/big", Reply(200, b"x" * 5000))
        with pytest.raises(ResponseTooLarge):
            local_client(max_bytes=1000).get(f"{server.base}/big")


def test_it_refuses_loopback_addresses_by_default() -> None:
    with played_server() as server:
        server.on("/x", Reply(200, b"secret"))
        with pytest.raises(UnsafeUrl):
            HttpClient(sleep=lambda _s: None).get(f"{server.base}/x")
        assert server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/admin",
        "http://[::1]:9/",
        "http://[::ffff:127.0.0.2]/",
        "http://0.0.0.0/",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_it_refuses_a_redirect_to_an_internal_address(target: str) -> None:
    with played_server() as server:
        server.on("/feed", Reply(302, b"", {"Location": target}))
        with pytest.raises(UnsafeUrl):
            local_client().get(f"{server.base}/feed")
        assert server.paths() == ["/feed"]


def test_it_checks_every_address_a_name_resolves_to(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, *args: object, **kwargs: object) -> list[tuple]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.1.10", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(UnsafeUrl, match="not public"):
        HttpClient(sleep=lambda _s: None).get("http://rebind.example/feed")


def test_it_allows_networks_a_deployment_trusts() -> None:
    guard = AddressGuard.allowing(["10.1.2.0/24"])
    assert guard.permits(__import__("ipaddress").ip_address("10.1.2.7"))
    assert not guard.permits(__import__("ipaddress").ip_address("10.1.3.7"))


def test_it_drops_the_authorization_header_on_a_redirect_to_another_host() -> None:
    with played_server() as first, played_server() as second:
        second.on("/landing", Reply(200, b"ok"))
        first.on("/start", Reply(302, b"", {"Location": f"{second.base}/landing"}))
        local_client().get(f"{first.base}/start", headers={"Authorization": "Bearer t0ken"})
    assert "Authorization" in first.requests[0].headers
    assert "Authorization" not in second.requests[0].headers


def test_it_reads_retry_after_as_seconds_or_as_a_date() -> None:
    assert parse_retry_after("120", now=0) == 120
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40) == 60
    assert parse_retry_after("soon", now=0) is None


def test_it_reads_rate_limit_resets_in_the_platforms_formats() -> None:
    assert parse_rate_limit_reset("1000000100", now=1000000000) == 100
    assert parse_rate_limit_reset("2001-09-09T01:46:40Z", now=1000000000 - 20) == 20
    assert parse_rate_limit_reset("30", now=5) == 30
