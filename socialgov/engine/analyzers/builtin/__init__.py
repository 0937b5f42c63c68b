"""Built-in analyzers; importing this package registers them."""

from . import (
    complaint,
    confidential,
    language,
    personal_data,
    policy,
    secrets,
    sentiment,
    toxicity,
)

__all__ = [
    "complaint",
    "confidential",
    "language",
    "personal_data",
    "policy",
    "secrets",
    "sentiment",
    "toxicity",
]
