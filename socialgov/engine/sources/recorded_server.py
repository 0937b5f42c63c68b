"""A local stand-in for the commercial and internal platforms, for demos run offline: it
answers each platform's API paths with the recorded responses the tests use, under
http://127.0.0.1:<port>/<platform>/… The demo connectors point at it.

Plain standard-library HTTP server; it binds to the loopback address only and serves nothing
but the recorded files.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import import_module
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from socialgov.engine.sources.recording import Route

logger = logging.getLogger(__name__)

SOURCES = Path(__file__).resolve().parent
DEFAULT_PORT = 8765


@cache
def platform_routes() -> dict[str, tuple[Route, ...]]:
    """Each platform's recorded routes, from the `recorded_routes.py` beside its recordings."""
    found = sorted(path.parent.name for path in SOURCES.glob("*/recorded_routes.py"))
    return {
        name: import_module(f"socialgov.engine.sources.{name}.recorded_routes").ROUTES
        for name in found
    }


def _matches(route: Route, rest: str, params: dict[str, list[str]]) -> bool:
    if not re.fullmatch(route.path, rest):
        return False
    if not route.param:
        return True
    values = params.get(route.param) or [""]
    return bool(values[0]) and (not route.value or values[0] == route.value)


def recorded_answer(path: str, query: str) -> bytes | None:
    """The recorded body for a request, or None when nothing matches."""
    params = parse_qs(query)
    platform, _, rest = path.lstrip("/").partition("/")
    for route in platform_routes().get(platform, ()):
        if _matches(route, "/" + rest, params):
            return route.body or (SOURCES / platform / "recorded" / route.file).read_bytes()
    return None


class _Handler(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        parts = urlsplit(self.path)
        body = recorded_answer(parts.path, parts.query)
        status = 200 if body is not None else 404
        payload = body if body is not None else b'{"error": "no recorded response"}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = _answer
    do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:
        logger.debug("fixture server: " + format, *args)


def serve(port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    """A server on 127.0.0.1:`port` (0: any free port), not yet started."""
    return ThreadingHTTPServer(("127.0.0.1", port), _Handler)


def serve_in_background(port: int = DEFAULT_PORT) -> ThreadingHTTPServer:
    server = serve(port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
