"""REST API of the channel register: thin views over the selectors and services."""

from socialgov.channels.api.accounts import DiscoveredAccountViewSet, LinkedAccountViewSet
from socialgov.channels.api.channels import ChannelDirectoryViewSet, ChannelViewSet
from socialgov.channels.api.reviews import AccessReviewViewSet

__all__ = [
    "AccessReviewViewSet",
    "ChannelDirectoryViewSet",
    "ChannelViewSet",
    "DiscoveredAccountViewSet",
    "LinkedAccountViewSet",
]
