"""Reading app.bsky.feed.post records, shared by the XRPC and Jetstream sources."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from socialgov.engine.sources.cleaning import clean_line, clean_text, clean_url


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


def _link_spans(record: Mapping[str, Any], size: int) -> list[tuple[int, int, str]]:
    """(byte start, byte end, full URL) of the link facets, in order and not overlapping;
    a facet with indices outside the text or a URL that is not http(s) is ignored."""
    spans: list[tuple[int, int, str]] = []
    facets = record.get("facets")
    for facet in (facets if isinstance(facets, list) else [])[:100]:
        if not isinstance(facet, Mapping) or not isinstance(facet.get("index"), Mapping):
            continue
        start, end = facet["index"].get("byteStart"), facet["index"].get("byteEnd")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            continue
        features = facet.get("features")
        for feature in features if isinstance(features, list) else []:
            if isinstance(feature, Mapping) and str(feature.get("$type", "")).endswith("#link"):
                if uri := clean_url(feature.get("uri")):
                    spans.append((start, end, uri))
                break
    spans.sort()
    return [s for i, s in enumerate(spans) if i == 0 or s[0] >= spans[i - 1][1]]


def text_with_links(record: Mapping[str, Any]) -> str:
    """The post text with each link written out in full: the app shows (and the record's text
    holds) a shortened form such as `www.youtube.com/watch?v=V5lD...`, the facet the target."""
    text = record.get("text")
    if not isinstance(text, str):
        return ""
    data = text.encode("utf-8", "replace")
    pieces: list[bytes] = []
    position = 0
    for start, end, uri in _link_spans(record, len(data)):
        shown = data[start:end].decode("utf-8", "replace")
        bare = shown.rstrip(".\u2026 ").split("://", 1)[-1]
        # A shortened form of the link is replaced; words that carry a link keep the link after.
        written = uri if bare and bare in uri else f"{shown} ({uri})"
        pieces += [data[position:start], written.encode()]
        position = end
    pieces.append(data[position:])
    return clean_text(b"".join(pieces).decode("utf-8", "replace"))


def _media_lines(embed: Mapping[str, Any]) -> list[str]:
    """Link-card title and description, image and video alt texts of one embed."""
    lines: list[str] = []
    external = embed.get("external")
    if isinstance(external, Mapping):
        lines += [clean_line(external.get(name), limit=1_000) for name in ("title", "description")]
    images = embed.get("images")
    for image in (images if isinstance(images, list) else [])[:10]:
        if isinstance(image, Mapping):
            lines.append(clean_line(image.get("alt"), limit=1_500))
    lines.append(clean_line(embed.get("alt"), limit=1_500))  # a video's description
    return [line for line in lines if line]


def record_text(record: Mapping[str, Any]) -> str:
    """What a post says: its text with full links, then what its embeds carry in words."""
    embed = record.get("embed")
    lines: list[str] = []
    if isinstance(embed, Mapping):
        lines = _media_lines(embed)
        if isinstance(embed.get("media"), Mapping):  # recordWithMedia: a quote with media
            lines += _media_lines(embed["media"])
    return clean_text("\n".join([text_with_links(record), *lines]).strip())


def embed_links(record: Mapping[str, Any]) -> list[str]:
    """The link card's target and the full facet links, for the raw payload."""
    size = (
        len(record["text"].encode("utf-8", "replace")) if isinstance(record.get("text"), str) else 0
    )
    links = [uri for _start, _end, uri in _link_spans(record, size)]
    embed = record.get("embed")
    external = embed.get("external") if isinstance(embed, Mapping) else None
    if isinstance(external, Mapping) and (uri := clean_url(external.get("uri"))):
        links.append(uri)
    return links[:20]
