"""Reading app.bsky.feed.post records, shared by the XRPC and Jetstream sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from socialgov.engine.sources.cleaning import clean_line


def rkey(uri: str) -> str:
    return uri.rsplit("/", 1)[-1] if uri.startswith("at://") else ""


def web_url(handle_or_did: str, uri: str) -> str:
    key = rkey(uri)
    if not key or not handle_or_did:
        return ""
    return f"https://bsky.app/profile/{handle_or_did}/post/{key}"


def record_links(record: Mapping[str, Any]) -> tuple[str, str, tuple[str, ...]]:
    """(reply parent uri, quoted post uri, mentioned DIDs) of a post record."""
    reply = record.get("reply")
    parent = ""
    if isinstance(reply, Mapping) and isinstance(reply.get("parent"), Mapping):
        parent = clean_line(reply["parent"].get("uri"), limit=255)
    quote = ""
    embed = record.get("embed")
    if isinstance(embed, Mapping):
        inner = embed.get("record")
        if isinstance(inner, Mapping) and isinstance(inner.get("record"), Mapping):
            inner = inner["record"]  # recordWithMedia nests the quoted record once more
        if isinstance(inner, Mapping):
            quote = clean_line(inner.get("uri"), limit=255)
    mentions: list[str] = []
    facets = record.get("facets")
    for facet in facets if isinstance(facets, list) else []:
        features = facet.get("features") if isinstance(facet, Mapping) else None
        for feature in features if isinstance(features, list) else []:
            if isinstance(feature, Mapping) and str(feature.get("$type", "")).endswith("#mention"):
                mentions.append(clean_line(feature.get("did"), limit=200))
    return parent, quote, tuple(mentions[:50])
