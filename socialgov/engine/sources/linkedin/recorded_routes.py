"""The recorded LinkedIn API responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/rest/posts", "posts_page_2.json", "start", "2"),
    Route(r"/rest/posts", "posts_page_1.json"),
    Route(r"/rest/socialActions/urn%3Ali%3Ashare%3A7267000000000000003/comments", "comments.json"),
    # Posts without a recorded comment listing have none.
    Route(
        r".*/comments", body=b'{"paging": {"start": 0, "count": 10, "total": 0}, "elements": []}'
    ),
)
