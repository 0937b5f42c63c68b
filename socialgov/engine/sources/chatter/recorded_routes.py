"""The recorded Salesforce Chatter API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/services/oauth2/token", "token.json"),
    Route(
        r"/services/data/v[\d.]+/chatter/feeds/record/\w+/feed-elements", "feed_page_2.json", "page"
    ),
    Route(r"/services/data/v[\d.]+/chatter/feeds/record/\w+/feed-elements", "feed_page_1.json"),
)
