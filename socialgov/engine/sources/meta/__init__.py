"""Meta Graph API: Facebook Pages and Instagram business accounts, with webhooks for new
comments and hide/delete moderation of comments."""

from socialgov.engine.sources.meta.source import MetaSource, facebook_item, instagram_item

__all__ = ["MetaSource", "facebook_item", "instagram_item"]
