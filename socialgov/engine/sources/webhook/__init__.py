"""Pushes over HTTP: a platform or another tool POSTs posts in the exchange format, signed
with HMAC-SHA256 over the timestamp and the body."""

from socialgov.engine.sources.webhook.signature import (
    SignatureError,
    parse_push,
    sign,
    verify_signature,
)

__all__ = ["SignatureError", "parse_push", "sign", "verify_signature"]
