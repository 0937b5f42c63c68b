"""Several linear models scored from one pass over a batch's features.

Models that read the same n-grams (the same `FeatureSpec`) have their weight columns laid side
by side, so a batch costs one gather of weight rows for all of them instead of one per model:
on tables of 2**18 rows the gather is a cache miss per feature, and it was most of the scoring
time. Each model may add its own cue features after the post's n-grams (value 1, as
`features.with_cue_features` adds them).

Scores are bit-identical to `LinearModel.predict_proba` on the n-grams with the cues appended:
every sum adds the same float terms in the same order (a post's n-grams, then its cues) in the
same precision (float32 for softmax models, float64 for two-label ones). A test compares both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from .features import FeatureSpec, HashedFeatures, cue_bucket
from .linear import LinearModel


@dataclass(frozen=True, slots=True)
class CueIndex:
    """A batch's cue features: the post of each cue and its bucket, in post order."""

    doc: npt.NDArray[np.int64]
    index: npt.NDArray[np.int64]


def cue_index(cues: list[list[str]], bits: int) -> CueIndex:
    counts = np.fromiter((len(names) for names in cues), dtype=np.int64, count=len(cues))
    flat = [cue_bucket(name, bits) for names in cues for name in names]
    return CueIndex(
        doc=np.repeat(np.arange(len(cues), dtype=np.int64), counts),
        index=np.array(flat, dtype=np.int64),
    )


def no_features(n_docs: int) -> HashedFeatures:
    return HashedFeatures(
        doc_ptr=np.zeros(n_docs + 1, dtype=np.int64),
        index=np.empty(0, dtype=np.int64),
        value=np.empty(0, dtype=np.float32),
    )


def reads_ngrams(spec: FeatureSpec) -> bool:
    return bool(spec.char_orders) or spec.words or spec.word_bigrams


class ModelStack:
    """Models sharing one `FeatureSpec`, scored together."""

    def __init__(self, models: Sequence[LinearModel]) -> None:
        specs = {m.spec for m in models}
        if len(specs) != 1:
            raise ValueError("a model stack needs models that read the same features")
        self.spec = specs.pop()
        self.models = tuple(models)
        columns = [m.columns for m in self.models]
        self.weights = np.ascontiguousarray(np.concatenate(columns, axis=1), dtype=np.float32)
        starts = np.cumsum([0] + [c.shape[1] for c in columns])
        self.slices = tuple(slice(int(a), int(b)) for a, b in pairwise(starts))

    def predict_proba(
        self, base: HashedFeatures, cues: Sequence[CueIndex | None]
    ) -> list[npt.NDArray[np.float32]]:
        """Each model's probabilities for the posts of `base`, with its own cues (or none)."""
        n_docs = base.n_docs
        # np.take gathers rows about three times as fast as fancy indexing, to the same values.
        rows = np.take(self.weights, base.index, axis=0)
        rows *= base.value[:, None]
        doc = base.doc_ids()
        out = []
        for model, columns, cue in zip(self.models, self.slices, cues, strict=True):
            if model.binary_delta is not None:
                terms, docs = rows[:, columns.start], doc
                if cue is not None and len(cue.index):
                    terms = np.concatenate((terms, np.take(model.binary_delta, cue.index)))
                    docs = np.concatenate((doc, cue.doc))
                out.append(model.binary_proba(np.bincount(docs, weights=terms, minlength=n_docs)))
                continue
            terms, ptr = rows[:, columns], base.doc_ptr
            if cue is not None and len(cue.index):
                terms, ptr = _with_cue_rows(
                    terms, ptr, cue, np.take(model.weights, cue.index, axis=0)
                )
            logits = np.tile(model.bias, (n_docs, 1)).astype(np.float32)
            nonempty = np.flatnonzero(np.diff(ptr) > 0)
            if len(nonempty):
                # numpy sums each segment pairwise, so the cue terms must sit inside it, where
                # `with_cue_features` puts them, for the float32 sum to come out the same.
                logits[nonempty] += np.add.reduceat(terms, ptr[nonempty], axis=0)
            out.append(model.proba_from_logits(logits))
        return out


def _with_cue_rows(
    rows: npt.NDArray[np.float32],
    ptr: npt.NDArray[np.int64],
    cue: CueIndex,
    cue_rows: npt.NDArray[np.float32],
) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Each post's n-gram rows followed by its cue rows, and the new segment starts."""
    n_docs = len(ptr) - 1
    old_counts = np.diff(ptr)
    cue_counts = np.bincount(cue.doc, minlength=n_docs)
    new_ptr = np.concatenate(([0], np.cumsum(old_counts + cue_counts))).astype(np.int64)
    cue_starts = np.concatenate(([0], np.cumsum(cue_counts)[:-1]))
    merged = np.empty((new_ptr[-1], rows.shape[1]), dtype=np.float32)
    merged[np.repeat(new_ptr[:-1] - ptr[:-1], old_counts) + np.arange(len(rows))] = rows
    cue_at = np.repeat(new_ptr[:-1] + old_counts - cue_starts, cue_counts)
    merged[cue_at + np.arange(len(cue_rows))] = cue_rows
    return merged, new_ptr
