"""Every connector kind with Django-side specifics, by the dotted path of its platform module.

Modules are imported only when a kind is first asked for, so this module imports none of them
and a platform module may use the shared platform code without an import cycle. A kind that is
not listed gets a plain `Platform(kind)`: nothing special. The order is the order of the
"new connector" page.
"""

from __future__ import annotations

from functools import cache

from django.urls import URLPattern
from django.utils.module_loading import import_string

from socialgov.monitoring.platforms.base import Platform

PLATFORMS: dict[str, str] = {
    "meta": "socialgov.monitoring.platforms.meta.PLATFORM",
    "x": "socialgov.monitoring.platforms.x.PLATFORM",
    "linkedin": "socialgov.monitoring.platforms.linkedin.PLATFORM",
    "youtube": "socialgov.monitoring.platforms.youtube.PLATFORM",
    "reddit": "socialgov.monitoring.platforms.reddit.PLATFORM",
    "slack": "socialgov.monitoring.platforms.slack.PLATFORM",
    "viva_engage": "socialgov.monitoring.platforms.viva_engage.PLATFORM",
    "chatter": "socialgov.monitoring.platforms.chatter.PLATFORM",
    "file": "socialgov.monitoring.platforms.files.PLATFORM",
    "webhook": "socialgov.monitoring.platforms.webhook.PLATFORM",
}


@cache
def platform_for(kind: str) -> Platform:
    path = PLATFORMS.get(kind)
    if path is None:
        return Platform(kind)
    platform = import_string(path)
    if not isinstance(platform, Platform) or platform.kind != kind:
        raise TypeError(f"{path} is not the platform of {kind!r}")
    return platform


def platforms() -> list[Platform]:
    return [platform_for(kind) for kind in PLATFORMS]


def configurable_kinds() -> list[str]:
    """Kinds set up with the platform form, in the order the "new connector" page lists them."""
    return [platform.kind for platform in platforms() if platform.configurable]


def metered_kinds() -> list[str]:
    return [platform.kind for platform in platforms() if platform.metered]


def push_urls() -> list[URLPattern]:
    """The push endpoints of every platform, wired into the API's URLs."""
    return [url for platform in platforms() for url in platform.push_urls()]
