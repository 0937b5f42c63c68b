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
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

logger = logging.getLogger(__name__)

SOURCES = Path(__file__).resolve().parent
DEFAULT_PORT = 8765


@dataclass(frozen=True)
class Route:
    platform: str
    path: str  # a regular expression matched against the path after /<platform>
    file: str
    # Only when this query parameter is present (and has this value, when one is given).
    param: str = ""
    value: str = ""


ROUTES = (
    Route("meta", r"/v[\d.]+/104857600001/feed", "page_feed_2.json", "after", "QVFIUkFGT2"),
    Route("meta", r"/v[\d.]+/104857600001/feed", "page_feed_1.json"),
    Route("meta", r"/v[\d.]+/104857600001/ratings", "page_ratings.json"),
    Route("meta", r"/v[\d.]+/17841400000000001/media", "ig_media.json"),
    Route("meta", r"/v[\d.]+/17841400000000001/tags", "ig_tags.json"),
    Route("x", r"/2/.*", "empty.json", "since_id"),
    Route("x", r"/2/tweets/search/recent", "search_page_2.json", "next_token"),
    Route("x", r"/2/tweets/search/recent", "search_page_1.json"),
    Route("x", r"/2/users/\d+/tweets", "user_tweets.json"),
    Route("x", r"/2/users/\d+/mentions", "user_mentions.json"),
    Route("linkedin", r"/rest/posts", "posts_page_2.json", "start", "2"),
    Route("linkedin", r"/rest/posts", "posts_page_1.json"),
    Route(
        "linkedin",
        r"/rest/socialActions/urn%3Ali%3Ashare%3A7267000000000000003/comments",
        "comments.json",
    ),
    Route("youtube", r"/youtube/v3/playlistItems", "uploads.json"),
    Route("youtube", r"/youtube/v3/commentThreads", "threads_page_2.json", "pageToken"),
    Route("youtube", r"/youtube/v3/commentThreads", "threads_page_1.json"),
    Route("youtube", r"/youtube/v3/search", "search.json"),
    Route("reddit", r"/api/v1/access_token", "token.json"),
    Route("reddit", r"/r/\w+/new", "new_page_2.json", "after", "t3_1h0abc2"),
    Route("reddit", r"/r/\w+/new", "new_page_1.json"),
    Route("reddit", r"/r/\w+/comments", "comments.json"),
    Route("reddit", r"/search", "search.json"),
    Route("slack", r"/conversations.history", "history_page_2.json", "cursor"),
    Route("slack", r"/conversations.history", "history_page_1.json"),
    Route("viva_engage", r"/[^/]+/oauth2/v2.0/token", "token.json"),
    Route(
        "viva_engage", r"/api/v1/messages/in_group/\d+\.json", "messages_page_2.json", "older_than"
    ),
    Route("viva_engage", r"/api/v1/messages/in_group/\d+\.json", "messages_page_1.json"),
    Route("viva_engage", r"/v1.0/employeeExperience/communities", "communities.json"),
    Route("chatter", r"/services/oauth2/token", "token.json"),
    Route(
        "chatter",
        r"/services/data/v[\d.]+/chatter/feeds/record/\w+/feed-elements",
        "feed_page_2.json",
        "page",
    ),
    Route(
        "chatter",
        r"/services/data/v[\d.]+/chatter/feeds/record/\w+/feed-elements",
        "feed_page_1.json",
    ),
)
EMPTY = {
    "linkedin": b'{"paging": {"start": 0, "count": 10, "total": 0}, "elements": []}',
}


def recorded_answer(path: str, query: str) -> bytes | None:
    """The recorded body for a request, or None when nothing matches."""
    params = parse_qs(query)
    platform, _, rest = path.lstrip("/").partition("/")
    rest = "/" + rest
    for route in ROUTES:
        if route.platform != platform or not re.fullmatch(route.path, rest):
            continue
        if route.param and (
            route.param not in params
            or (route.value and params[route.param][0] != route.value)
            or not params[route.param][0]
        ):
            continue
        return (SOURCES / platform / "recorded" / route.file).read_bytes()
    if platform in EMPTY and rest.endswith("/comments"):
        return EMPTY[platform]
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
