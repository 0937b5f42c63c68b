"""The recorded Viva Engage and Microsoft Graph responses the local fixture server
(`socialgov.engine.sources.recorded_server`) answers with, first match wins."""

from socialgov.engine.sources.recording import Route

ROUTES = (
    Route(r"/[^/]+/oauth2/v2.0/token", "token.json"),
    Route(r"/api/v1/messages/in_group/\d+\.json", "messages_page_2.json", "older_than"),
    Route(r"/api/v1/messages/in_group/\d+\.json", "messages_page_1.json"),
    Route(r"/v1.0/employeeExperience/communities", "communities.json"),
)
