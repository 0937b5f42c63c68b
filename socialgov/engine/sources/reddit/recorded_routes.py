"""The recorded Reddit API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/api/v1/access_token", "token.json"),
    Route(r"/r/\w+/new", "new_page_2.json", "after", "t3_1h0abc2"),
    Route(r"/r/\w+/new", "new_page_1.json"),
    Route(r"/r/\w+/comments", "comments.json"),
    Route(r"/search", "search.json"),
)
