"""The recorded Meta Graph API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/v[\d.]+/104857600001/feed", "page_feed_2.json", "after", "QVFIUkFGT2"),
    Route(r"/v[\d.]+/104857600001/feed", "page_feed_1.json"),
    Route(r"/v[\d.]+/104857600001/ratings", "page_ratings.json"),
    Route(r"/v[\d.]+/17841400000000001/media", "ig_media.json"),
    Route(r"/v[\d.]+/17841400000000001/tags", "ig_tags.json"),
)
