"""A local HTTP server that plays recorded platform responses, and small builders."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from socialgov.channels.models import Channel
from socialgov.core.models import Person
from socialgov.engine.sources import IncomingAuthor, IncomingPost
from socialgov.engine.sources.addresses import AddressGuard
from socialgov.engine.sources.http import HttpClient, RetryPolicy

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, data: Any, status: int = 200, **headers: str) -> Reply:
        return cls(
            status, json.dumps(data).encode(), {"Content-Type": "application/json", **headers}
        )


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes


class PlayedServer:
    """Routes by path; each path has a queue of replies (the last one repeats)."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                server.requests.append(
                    Seen(self.command, parts.path, parse_qs(parts.query), dict(self.headers), body)
                )
                queue = server.routes.get(parts.path) or [Reply(404, b"not found")]
                reply = queue.pop(0) if len(queue) > 1 else queue[0]
                payload = reply.body.encode() if isinstance(reply.body, str) else reply.body
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in reply.headers:
                    self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _serve
            do_POST = _serve
            do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def on(self, path: str, *replies: Reply) -> None:
        self.routes[path] = list(replies)

    def paths(self) -> list[str]:
        return [seen.path for seen in self.requests]


@contextmanager
def played_server() -> Iterator[PlayedServer]:
    server = PlayedServer()
    thread = threading.Thread(target=server.httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def local_client(**kwargs: Any) -> HttpClient:
    """A client allowed to reach the loopback test server (and nothing else private)."""
    sleeps: list[float] = []
    client = HttpClient(
        guard=AddressGuard.allowing(["127.0.0.1/32"]),
        retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_wait=5),
        sleep=sleeps.append,
        **kwargs,
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    return client


def make_channel(
    owner: Person | None,
    *,
    platform: str = "mastodon",
    handle: str = "mosa@mastodon.social",
    deputy: Person | None = None,
    audience: str = "external",
) -> Channel:
    assert owner is not None
    return Channel.objects.create(
        platform=platform,
        handle=handle,
        display_name=handle,
        purpose="internal_collaboration" if audience == "internal" else "customer_service",
        audience=audience,
        owner=owner,
        deputy=deputy,
        status="active",
    )


NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def incoming(
    external_id: str,
    text: str = "hello",
    *,
    platform: str = "mastodon",
    author: str = "someone@example.social",
    followers: int | None = 10,
    minutes: int = 0,
    **extra: Any,
) -> IncomingPost:
    return IncomingPost(
        platform=platform,
        external_id=external_id,
        text=text,
        created_at=NOW + dt.timedelta(minutes=minutes),
        author=IncomingAuthor(
            platform=platform, external_id=f"id-{author}", handle=author, followers_count=followers
        ),
        **extra,
    )
