"""The recorded YouTube Data API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/youtube/v3/playlistItems", "uploads.json"),
    Route(r"/youtube/v3/commentThreads", "threads_page_2.json", "pageToken"),
    Route(r"/youtube/v3/commentThreads", "threads_page_1.json"),
    Route(r"/youtube/v3/search", "search.json"),
)
