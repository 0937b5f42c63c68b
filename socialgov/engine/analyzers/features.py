"""Hashed character and word n-gram features, computed for a whole batch at once.

All texts of a batch are concatenated into one array of code points; n-gram hashes come from
prefix sums of a polynomial hash (arithmetic wraps modulo 2**64, which numpy does natively), so
one pass of vectorised numpy work serves every post. The hash is fixed (no per-process salt), so
a model trained once scores the same everywhere.

A batch's features are a CSR-like triple: `doc_ptr` (start of each post's features), `index`
(hashed bucket) and `value` (1/sqrt(number of features of the post), so long and short posts
weigh the same).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

_BASE = np.uint64(0x100000001B3)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_SHIFT_A = np.uint64(31)
_SHIFT_B = np.uint64(29)

CHAR_SEEDS = {1: 11, 2: 12, 3: 13, 4: 14, 5: 15}
WORD_SEED = 21
BIGRAM_SEED = 22
CUE_SEED = 97

_powers = np.ones(1, dtype=np.uint64)


def _power_table(length: int) -> npt.NDArray[np.uint64]:
    """BASE**i modulo 2**64 for i < length, grown on demand and kept."""
    global _powers
    if len(_powers) < length:
        size = max(length, 2 * len(_powers), 4096)
        table = np.full(size, _BASE, dtype=np.uint64)
        table[0] = 1
        with np.errstate(over="ignore"):
            _powers = np.cumprod(table, dtype=np.uint64)
    return _powers[:length]


def _inverse_power_table(length: int) -> npt.NDArray[np.uint64]:
    inverse = np.uint64(pow(int(_BASE), -1, 2**64))
    table = np.full(length, inverse, dtype=np.uint64)
    table[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(table, dtype=np.uint64)


_inverse_cache: dict[str, npt.NDArray[np.uint64]] = {"table": np.ones(1, dtype=np.uint64)}


def _inverse_powers(length: int) -> npt.NDArray[np.uint64]:
    table = _inverse_cache["table"]
    if len(table) < length:
        table = _inverse_power_table(max(length, 2 * len(table), 4096))
        _inverse_cache["table"] = table
    return table[:length]


def _mix(values: npt.NDArray[np.uint64], seed: int, bits: int) -> npt.NDArray[np.int64]:
    with np.errstate(over="ignore"):
        x = values + np.uint64(seed) * _MIX
        x ^= x >> _SHIFT_A
        x *= _MIX2
        x ^= x >> _SHIFT_B
        x *= _MIX
    return (x >> np.uint64(64 - bits)).astype(np.int64)


@dataclass(frozen=True, slots=True)
class HashedFeatures:
    doc_ptr: npt.NDArray[np.int64]
    index: npt.NDArray[np.int64]
    value: npt.NDArray[np.float32]

    @property
    def n_docs(self) -> int:
        return len(self.doc_ptr) - 1

    def doc_ids(self) -> npt.NDArray[np.int64]:
        return np.repeat(np.arange(self.n_docs, dtype=np.int64), np.diff(self.doc_ptr))


@dataclass(frozen=True, slots=True)
class FeatureSpec:
    """Which n-grams a model reads; stored with the model so training and scoring agree."""

    bits: int = 18
    char_orders: tuple[int, ...] = (1, 2, 3, 4)
    words: bool = True
    word_bigrams: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "bits": self.bits,
            "char_orders": list(self.char_orders),
            "words": self.words,
            "word_bigrams": self.word_bigrams,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> FeatureSpec:
        orders = data.get("char_orders", [1, 2, 3, 4])
        assert isinstance(orders, list)
        return cls(
            bits=int(str(data.get("bits", 18))),
            char_orders=tuple(int(o) for o in orders),
            words=bool(data.get("words", True)),
            word_bigrams=bool(data.get("word_bigrams", True)),
        )


# Code points that belong inside a word, for the Basic Multilingual Plane; built once.
_WORD_CHAR = np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)


@dataclass(frozen=True, slots=True)
class _Layout:
    """A batch as one array of code points, each position tagged with its post (-1 between
    posts), and prefix sums of the polynomial hash so any span's hash is one subtraction."""

    codes: npt.NDArray[np.uint64]
    doc_of: npt.NDArray[np.int64]
    prefix: npt.NDArray[np.uint64]
    powers: npt.NDArray[np.uint64]

    @property
    def n(self) -> int:
        return len(self.codes)

    def span_hash(
        self, a: npt.NDArray[np.int64], b: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.uint64]:
        with np.errstate(over="ignore"):
            return self.powers[b - 1] * (self.prefix[b] - self.prefix[a])


def _layout(texts: list[str]) -> _Layout:
    padded = " " + "  ".join(texts) + " "
    codes = np.frombuffer(padded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts))
    # Each text sits between single spaces; texts are separated by two spaces.
    starts = (
        np.concatenate(([1], 1 + np.cumsum(lengths[:-1] + 2)))
        if len(texts)
        else np.empty(0, np.int64)
    )
    doc_of = np.full(n, -1, dtype=np.int64)
    for_docs = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 2)
    # position starts[d]-1 (leading space) through starts[d]+len (trailing space) belong to doc d
    owner_start = np.repeat(starts - 1, lengths + 2)
    offsets = np.arange(len(owner_start), dtype=np.int64) - np.repeat(
        np.concatenate(([0], np.cumsum(lengths + 2)[:-1])) if len(texts) else np.empty(0, np.int64),
        lengths + 2,
    )
    doc_of[owner_start + offsets] = for_docs

    ipw = _inverse_powers(n + 1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(n + 1, dtype=np.uint64)
        np.cumsum(codes * ipw[:n], dtype=np.uint64, out=prefix[1:])
    return _Layout(codes, doc_of, prefix, _power_table(n + 1))


_Pieces = tuple[list[npt.NDArray[np.int64]], list[npt.NDArray[np.int64]]]


def _char_ngrams(layout: _Layout, spec: FeatureSpec, pieces: _Pieces) -> None:
    doc_of = layout.doc_of
    for order in spec.char_orders:
        if layout.n < order:
            continue
        count = layout.n - order + 1
        # Slices rather than gathers: an n-gram at position a starts at doc_of[a] and ends at
        # doc_of[a + order - 1].
        first, last = doc_of[:count], doc_of[order - 1 :]
        same = (first == last) & (first >= 0)
        if order == 1:
            same &= layout.codes[:count] != 32
        # The hash of every span by slices (what `span_hash` gives), then the kept ones.
        with np.errstate(over="ignore"):
            hashes = layout.powers[order - 1 : order - 1 + count] * (
                layout.prefix[order : order + count] - layout.prefix[:count]
            )
        pieces[0].append(first[same])
        pieces[1].append(_mix(hashes[same], CHAR_SEEDS[order], spec.bits))


def _word_ngrams(layout: _Layout, spec: FeatureSpec, pieces: _Pieces) -> None:
    """Words are runs of letters and digits; each emoji or pictograph is a word of its own."""
    codes = layout.codes
    small = codes < 0x10000
    is_word = np.zeros(layout.n, dtype=bool)
    is_word[small] = _WORD_CHAR[codes[small].astype(np.int64)]
    symbol = (~small) | ((~is_word) & (codes > 0x2000))  # emoji and pictographs
    edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
    w_start = np.flatnonzero(edges == 1)
    w_end = np.flatnonzero(edges == -1)
    s_pos = np.flatnonzero(symbol)
    tok_start = np.concatenate((w_start, s_pos))
    tok_end = np.concatenate((w_end, s_pos + 1))
    order_idx = np.argsort(tok_start, kind="stable")
    tok_start, tok_end = tok_start[order_idx], tok_end[order_idx]
    tok_doc = layout.doc_of[tok_start]
    tok_hash = layout.span_hash(tok_start, tok_end)
    if spec.words:
        pieces[0].append(tok_doc)
        pieces[1].append(_mix(tok_hash, WORD_SEED, spec.bits))
    if spec.word_bigrams and len(tok_hash) > 1:
        same = tok_doc[1:] == tok_doc[:-1]
        with np.errstate(over="ignore"):
            pair = tok_hash[:-1] * _MIX + tok_hash[1:]
        pieces[0].append(tok_doc[1:][same])
        pieces[1].append(_mix(pair[same], BIGRAM_SEED, spec.bits))


def _assemble(pieces: _Pieces, n_docs: int) -> HashedFeatures:
    """Feature pieces grouped by post, each weighted 1/sqrt(the post's feature count).

    Each piece is in post order already, so a post's features are its features from the first
    piece, then from the second...: each lands at a place computed from counts, which gives
    what a stable sort by post gives without sorting."""
    counts_by_piece = [np.bincount(doc, minlength=n_docs) for doc in pieces[0]]
    counts = np.zeros(n_docs, dtype=np.int64)
    for piece_counts in counts_by_piece:
        counts += piece_counts
    doc_ptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
    idx = np.empty(doc_ptr[-1], dtype=np.int64)
    offset = doc_ptr[:-1].copy()
    for doc, piece_idx, piece_counts in zip(*pieces, counts_by_piece, strict=True):
        run_start = np.cumsum(piece_counts) - piece_counts  # where each post's run starts
        idx[(offset - run_start)[doc] + np.arange(len(doc))] = piece_idx
        offset += piece_counts
    norm = 1.0 / np.sqrt(np.maximum(counts, 1)).astype(np.float32)
    value = np.repeat(norm, counts).astype(np.float32)
    return HashedFeatures(doc_ptr=doc_ptr, index=idx, value=value)


def extract(texts: list[str], spec: FeatureSpec) -> HashedFeatures:
    """Hashed n-gram features of already-normalised texts."""
    layout = _layout(texts)
    pieces: _Pieces = ([], [])
    _char_ngrams(layout, spec, pieces)
    if spec.words or spec.word_bigrams:
        _word_ngrams(layout, spec, pieces)
    return _assemble(pieces, len(texts))


@lru_cache(maxsize=65_536)
def cue_bucket(name: str, bits: int) -> int:
    """The hashed bucket of a named cue; a handful of names repeat in every batch."""
    value = np.array([zlib.crc32(name.encode("utf-8"))], dtype=np.uint64)
    return int(_mix(value, CUE_SEED, bits)[0])


def with_cue_features(
    features: HashedFeatures, cues: list[list[str]], bits: int, weight: float = 1.0
) -> HashedFeatures:
    """`features` plus one feature of value `weight` per named cue of each post.

    Cues are language-independent facts ("a negative word", "a negated positive word"), so
    their weights, learned where labelled data is plentiful, carry over to thin languages.
    """
    buckets: dict[str, int] = {}
    counts = np.zeros(features.n_docs, dtype=np.int64)
    extra_idx: list[int] = []
    for doc, names in enumerate(cues):
        counts[doc] = len(names)
        for name in names:
            if name not in buckets:
                buckets[name] = cue_bucket(name, bits)
            extra_idx.append(buckets[name])
    if not extra_idx:
        return features
    old_counts = np.diff(features.doc_ptr)
    new_counts = old_counts + counts
    ptr = np.concatenate(([0], np.cumsum(new_counts))).astype(np.int64)
    index = np.empty(ptr[-1], dtype=np.int64)
    value = np.empty(ptr[-1], dtype=np.float32)
    old_pos = np.repeat(ptr[:-1] - features.doc_ptr[:-1], old_counts) + np.arange(
        len(features.index), dtype=np.int64
    )
    index[old_pos] = features.index
    value[old_pos] = features.value
    mask = np.ones(ptr[-1], dtype=bool)
    mask[old_pos] = False
    index[mask] = np.array(extra_idx, dtype=np.int64)
    value[mask] = weight
    return HashedFeatures(doc_ptr=ptr, index=index, value=value)
