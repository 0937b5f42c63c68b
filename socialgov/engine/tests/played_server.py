"""A local HTTP server that plays recorded responses, and a client allowed to reach it: what
the engine's source tests and the monitoring tests share."""

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

from socialgov.engine.sources.addresses import AddressGuard
from socialgov.engine.sources.http import HttpClient, RetryPolicy

# The tests' clock: recorded fixtures are dated around it.
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)

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
