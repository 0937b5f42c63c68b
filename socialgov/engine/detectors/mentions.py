"""A mention of a brand, as the spike detector reads it from a stream."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from socialgov.engine.detectors.mention_sentiment import sentiment_value
from socialgov.engine.detectors.streams import RecordError, parse_timestamp, text_field


@dataclass(frozen=True)
class Mention:
    id: str
    brand: str
    created_at: datetime
    text: str
    sentiment: float | None = None


def parse_mention(record: dict[str, Any]) -> Mention:
    """A mention: `id`, `text`, `created_at` (with zone), `brand` and an optional `sentiment`."""
    raw_sentiment = record.get("sentiment")
    sentiment = sentiment_value(raw_sentiment)
    if raw_sentiment not in (None, "") and sentiment is None:
        raise RecordError("'sentiment' must be a number in [-1, 1] or negative/neutral/positive")
    return Mention(
        id=text_field(record, "id", required=True, limit=200),
        brand=text_field(record, "brand", required=True, limit=200),
        created_at=parse_timestamp(record.get("created_at")),
        text=text_field(record, "text"),
        sentiment=sentiment,
    )
