"""The recorded X API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/2/.*", "empty.json", "since_id"),
    Route(r"/2/tweets/search/recent", "search_page_2.json", "next_token"),
    Route(r"/2/tweets/search/recent", "search_page_1.json"),
    Route(r"/2/users/\d+/tweets", "user_tweets.json"),
    Route(r"/2/users/\d+/mentions", "user_mentions.json"),
)
