"""Several linear models scored from one pass over a batch's features.

Models that read the same n-grams (the same `FeatureSpec`) have their weight columns laid side
by side in a few narrow tables, so a batch costs one gather of weight rows per table instead of
one per model: on tables of 2**18 rows the gather is a cache miss per feature, and it was most
of the scoring time. Each model may add its own cue features after the post's n-grams (value 1,
as `features.with_cue_features` adds them); a softmax model with cues has a table of its own,
gathered with its cue buckets merged into the post's n-gram buckets.

Scores are bit-identical to `LinearModel.predict_proba` on the n-grams with the cues appended:
every sum adds the same float terms in the same order (a post's n-grams, then its cues) in the
same precision (float32 for softmax models, float64 for two-label ones). A test compares both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

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


# Rows of 1, 2, 4 or 8 float32 (4 to 32 bytes) are gathered by numpy's fast copy loops, and a
# narrow table stays in cache better: a table of 12 columns gathers three times as slowly as
# one of 8 plus one of 4.
_TABLE_WIDTHS = (1, 2, 4, 8)


def _padded(width: int) -> int:
    return next((w for w in _TABLE_WIDTHS if w >= width), width)


@dataclass(frozen=True, slots=True)
class _Table:
    """Weight columns of some models side by side, padded to a fast width."""

    weights: npt.NDArray[np.float32]
    merges_cues: bool  # gathered with the post's cue features merged in (one softmax model)


class ModelStack:
    """Models sharing one `FeatureSpec`, scored together."""

    def __init__(
        self, models: Sequence[LinearModel], with_cues: Sequence[bool] | None = None
    ) -> None:
        """`with_cues[i]`: whether model i is scored with cue features (a softmax model with
        cues gets a table of its own, gathered with its cues merged into the n-grams)."""
        specs = {m.spec for m in models}
        if len(specs) != 1:
            raise ValueError("a model stack needs models that read the same features")
        self.spec = specs.pop()
        self.models = tuple(models)
        cued = list(with_cues) if with_cues is not None else [False] * len(self.models)
        tables: list[list[int]] = []  # model numbers per table
        own = [m.binary_delta is None and c for m, c in zip(self.models, cued, strict=True)]
        for i, model in enumerate(self.models):
            width = model.columns.shape[1]
            fits = [
                t
                for t in tables
                if not own[t[0]] and not own[i] and _width(self.models, t) + width <= 8
            ]
            if fits:
                fits[0].append(i)
            else:
                tables.append([i])
        self.tables: list[_Table] = []
        self.where: list[tuple[int, slice]] = [(0, slice(0))] * len(self.models)
        for number, members in enumerate(tables):
            columns = [self.models[i].columns for i in members]
            width = sum(c.shape[1] for c in columns)
            weights = np.zeros((columns[0].shape[0], _padded(width)), dtype=np.float32)
            start = 0
            for i, c in zip(members, columns, strict=True):
                weights[:, start : start + c.shape[1]] = c
                self.where[i] = (number, slice(start, start + c.shape[1]))
                start += c.shape[1]
            self.tables.append(_Table(weights, own[members[0]]))

    def predict_proba(
        self, base: HashedFeatures, cues: Sequence[CueIndex | None]
    ) -> list[npt.NDArray[np.float32]]:
        """Each model's probabilities for the posts of `base`, with its own cues (or none)."""
        n_docs = base.n_docs
        doc = base.doc_ids()
        rows: list[npt.NDArray[np.float32] | None] = []
        for table in self.tables:
            if table.merges_cues:
                rows.append(None)  # gathered below, with the model's own cues
                continue
            # np.take gathers rows about three times as fast as fancy indexing, to the same values.
            gathered = np.take(table.weights, base.index, axis=0)
            gathered *= base.value[:, None]
            rows.append(gathered)
        out = []
        for model, (number, columns), cue in zip(self.models, self.where, cues, strict=True):
            table_rows = rows[number]
            if model.binary_delta is not None:
                assert table_rows is not None
                terms, docs = table_rows[:, columns.start], doc
                if cue is not None and len(cue.index):
                    terms = np.concatenate((terms, np.take(model.binary_delta, cue.index)))
                    docs = np.concatenate((doc, cue.doc))
                out.append(model.binary_proba(np.bincount(docs, weights=terms, minlength=n_docs)))
                continue
            ptr = base.doc_ptr
            if (cue is not None and len(cue.index)) or table_rows is None:
                index, value, ptr = _with_cue_features(base, cue)
                table_rows = np.take(self.tables[number].weights, index, axis=0)
                # A cue's value is 1, and w * 1 is w: the cue terms are the weights themselves.
                table_rows *= value[:, None]
            terms = table_rows[:, columns]
            logits = np.tile(model.bias, (n_docs, 1)).astype(np.float32)
            nonempty = np.flatnonzero(np.diff(ptr) > 0)
            if len(nonempty):
                # numpy sums each segment pairwise, so the cue terms must sit inside it, where
                # `with_cue_features` puts them, for the float32 sum to come out the same.
                logits[nonempty] += np.add.reduceat(terms, ptr[nonempty], axis=0)
            out.append(model.proba_from_logits(logits))
        return out


def _width(models: Sequence[LinearModel], members: list[int]) -> int:
    return sum(models[i].columns.shape[1] for i in members)


def _with_cue_features(
    base: HashedFeatures, cue: CueIndex | None
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32], npt.NDArray[np.int64]]:
    """Each post's n-gram buckets followed by its cue buckets (value 1), as
    `features.with_cue_features` lays them out, and the new segment starts."""
    ptr = base.doc_ptr
    if cue is None or not len(cue.index):
        return base.index, base.value, ptr
    n_docs = len(ptr) - 1
    old_counts = np.diff(ptr)
    cue_counts = np.bincount(cue.doc, minlength=n_docs)
    new_ptr = np.concatenate(([0], np.cumsum(old_counts + cue_counts))).astype(np.int64)
    cue_starts = np.concatenate(([0], np.cumsum(cue_counts)[:-1]))
    at = np.repeat(new_ptr[:-1] - ptr[:-1], old_counts) + np.arange(len(base.index))
    cue_at = np.repeat(new_ptr[:-1] + old_counts - cue_starts, cue_counts)
    cue_at += np.arange(len(cue.index))
    index = np.empty(new_ptr[-1], dtype=np.int64)
    value = np.empty(new_ptr[-1], dtype=np.float32)
    index[at], value[at] = base.index, base.value
    index[cue_at], value[cue_at] = cue.index, 1.0
    return index, value, new_ptr
