"""The recorded Slack Web API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/conversations.history", "history_page_2.json", "cursor"),
    Route(r"/conversations.history", "history_page_1.json"),
)
