"""A registered source that fails the way a bug does, not the way a platform does: its poll
raises whatever exception its configuration names, before or after a first batch, or in its
constructor. Importing this module registers it (the worker test starts `socialgov` with it)."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping
from typing import Any

from socialgov.engine.sources.base import Batch, IncomingPost, SourceSpec, register_source, utc_now
from socialgov.engine.sources.http import HttpClient

KIND = "exploding_test"


def _error(config: Mapping[str, Any]) -> Exception:
    kind = getattr(builtins, str(config["raise"]))
    assert isinstance(kind, type) and issubclass(kind, Exception)
    return kind(f"injected {config['raise']}")


class ExplodingSource:
    def __init__(self, config: Mapping[str, Any], secrets: Mapping[str, str], http: HttpClient):
        if config.get("when") == "constructor":
            raise _error(config)
        self.config = config

    def batches(self, cursor: Mapping[str, Any]) -> Iterator[Batch]:
        if self.config.get("when") == "after_a_batch":
            post = IncomingPost("exploding", f"{self.config['raise']}-1", "stored first", utc_now())
            yield Batch([post], cursor={"seen": 1})
        raise _error(self.config)


register_source(
    SourceSpec(
        kind=KIND,
        label="Exploding (tests)",
        factory=ExplodingSource,
        validate_config=lambda config: dict(config),
    )
)
