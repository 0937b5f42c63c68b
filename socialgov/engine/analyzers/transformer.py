"""Plug a heavier transformer classifier in from a local directory (optional).

Deployments with a GPU and a fine-tuned model (for instance a multilingual XLM-R sentiment
model) can point an analyzer at its folder. Nothing is downloaded: the folder must hold the
model and tokenizer files, and the `transformer` extra (transformers + torch) must be installed.
The default install never imports this module's dependencies.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .registry import ConfigurationError


class TransformerClassifier:
    """Label probabilities from a local Hugging Face sequence-classification model."""

    def __init__(
        self,
        model_dir: str,
        labels: tuple[str, ...],
        label_map: Mapping[str, str] | None = None,
        device: str | int = -1,
        batch_size: int = 32,
    ) -> None:
        path = Path(model_dir)
        if not (path / "config.json").is_file():
            raise ConfigurationError(f"no transformer model in {path} (config.json missing)")
        try:
            from transformers import pipeline
        except ImportError as exc:
            raise ConfigurationError(
                "a transformer model needs the optional extra: pip install -e '.[transformer]'"
            ) from exc
        self._pipeline: Any = pipeline(
            "text-classification",
            model=str(path),
            tokenizer=str(path),
            device=device,
            top_k=None,
            truncation=True,
            model_kwargs={"local_files_only": True},
        )
        self.labels = labels
        self.label_map = dict(label_map or {})
        self.batch_size = batch_size
        unknown = set(self.label_map.values()) - set(labels)
        if unknown:
            raise ConfigurationError(
                f"label_map names unknown labels: {', '.join(sorted(unknown))}"
            )

    def predict_proba(self, texts: list[str]) -> list[list[float]]:
        out = []
        for scores in self._pipeline(texts, batch_size=self.batch_size):
            by_label = {
                self.label_map.get(s["label"], s["label"].lower()): float(s["score"])
                for s in scores
            }
            out.append([by_label.get(label, 0.0) for label in self.labels])
        return out
