"""Language identification: ISO 639-1 code and confidence for the whole post."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from socialgov.engine.types import Finding

from ..registry import Batch, register
from ..shared import LANGUAGE_NAMES, languages


@register(order=0)
class LanguageAnalyzer:
    slug: ClassVar[str] = "language"

    def __init__(self, models_dir: str | None = None, min_confidence: float = 0.25) -> None:
        self.models_dir = Path(models_dir) if models_dir else None
        self.min_confidence = min_confidence

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        out = []
        for post, lang in zip(
            batch.posts, languages(batch, self.models_dir, self.min_confidence), strict=True
        ):
            name = LANGUAGE_NAMES.get(lang.code, lang.code)
            out.append(
                [
                    Finding(
                        self.slug,
                        lang.code,
                        lang.confidence,
                        0,
                        len(post.text),
                        f"written in {name}",
                    )
                ]
            )
        return out
