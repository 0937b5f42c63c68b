"""Linear models over hashed features, stored as numpy .npz without pickle."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .features import FeatureSpec, HashedFeatures

MODELS_DIR = Path(__file__).parent / "weights"


class ModelFileError(RuntimeError):
    """A shipped or plugged-in model file is missing or not in the expected shape."""


@dataclass(slots=True)
class LinearModel:
    """Softmax (or one-vs-rest sigmoid) scores from hashed features."""

    labels: tuple[str, ...]
    weights: npt.NDArray[np.float32]  # (2**bits, n_labels)
    bias: npt.NDArray[np.float32]  # (n_labels,)
    spec: FeatureSpec
    multilabel: bool = False
    meta: dict[str, Any] = field(default_factory=dict)
    # For a loaded two-label model: the difference of its two weight columns, which is all a
    # softmax over two labels depends on (half the memory traffic when scoring).
    binary_delta: npt.NDArray[np.float32] | None = None

    def logits(self, features: HashedFeatures) -> npt.NDArray[np.float32]:
        n_docs = features.n_docs
        out = np.tile(self.bias, (n_docs, 1)).astype(np.float32)
        if len(features.index) == 0:
            return out
        contrib = self.weights[features.index] * features.value[:, None]
        nonempty = np.flatnonzero(np.diff(features.doc_ptr) > 0)
        if len(nonempty):
            sums = np.add.reduceat(contrib, features.doc_ptr[nonempty], axis=0)
            out[nonempty] += sums
        return out

    def predict_proba(self, features: HashedFeatures) -> npt.NDArray[np.float32]:
        if self.binary_delta is not None:
            sums = np.bincount(
                features.doc_ids(),
                weights=self.binary_delta[features.index] * features.value,
                minlength=features.n_docs,
            )
            return self.binary_proba(sums)
        return self.proba_from_logits(self.logits(features))

    def binary_proba(self, sums: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
        """Two-label probabilities from each post's float64 sum of `binary_delta` terms."""
        z1 = np.clip(sums + float(self.bias[1] - self.bias[0]), -30, 30)
        p1 = (1.0 / (1.0 + np.exp(-z1))).astype(np.float32)
        return np.stack([1.0 - p1, p1], axis=1)

    def proba_from_logits(self, z: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        if self.multilabel:
            return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        probabilities: npt.NDArray[np.float32] = (e / e.sum(axis=1, keepdims=True)).astype(
            np.float32
        )
        return probabilities

    @property
    def columns(self) -> npt.NDArray[np.float32]:
        """The weight columns scoring reads: `binary_delta` for a two-label model."""
        if self.binary_delta is not None:
            return self.binary_delta[:, None]
        return self.weights

    def save(self, path: Path) -> None:
        header = {
            "labels": list(self.labels),
            "spec": self.spec.to_dict(),
            "multilabel": self.multilabel,
            "meta": self.meta,
        }
        # float16 keeps the file small; the loss of precision is far below what matters here.
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32),
            header=np.frombuffer(json.dumps(header, sort_keys=True).encode(), dtype=np.uint8),
        )

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        if not path.exists():
            raise ModelFileError(f"model file {path} is missing; run `socialgov train`")
        try:
            with np.load(path, allow_pickle=False) as data:
                header = json.loads(bytes(data["header"]).decode())
                weights = data["weights"].astype(np.float32)
                bias = data["bias"].astype(np.float32)
        except (OSError, ValueError, KeyError) as exc:
            raise ModelFileError(f"model file {path} cannot be read: {exc}") from exc
        spec = FeatureSpec.from_dict(header["spec"])
        if weights.shape != (2**spec.bits, len(header["labels"])):
            raise ModelFileError(f"model file {path} has weights of shape {weights.shape}")
        model = cls(
            labels=tuple(header["labels"]),
            weights=weights,
            bias=bias,
            spec=spec,
            multilabel=bool(header.get("multilabel", False)),
            meta=dict(header.get("meta", {})),
        )
        if len(model.labels) == 2 and not model.multilabel:
            model.binary_delta = np.ascontiguousarray(weights[:, 1] - weights[:, 0])
        return model


_loaded: dict[Path, LinearModel] = {}


def load_model(name: str, directory: Path | None = None) -> LinearModel:
    """A model by name, loaded once per process."""
    path = (directory or MODELS_DIR) / f"{name}.npz"
    if path not in _loaded:
        _loaded[path] = LinearModel.load(path)
    return _loaded[path]


def forget_model(path: Path) -> None:
    """Drop a loaded model, so the next `load_model` reads the file again (after training)."""
    _loaded.pop(path, None)
