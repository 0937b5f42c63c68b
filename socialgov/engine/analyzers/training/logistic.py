"""Multinomial logistic regression over hashed features, trained with mini-batch Adam.

Deterministic: a fixed seed drives the only randomness (the order of mini-batches), and all
reductions run in a fixed order, so the same data gives bit-identical weights.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ..features import FeatureSpec, HashedFeatures
from ..linear import LinearModel


def _slice(features: HashedFeatures, docs: npt.NDArray[np.int64]) -> HashedFeatures:
    starts = features.doc_ptr[docs]
    ends = features.doc_ptr[docs + 1]
    lengths = ends - starts
    ptr = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    take = np.repeat(starts - ptr[:-1], lengths) + np.arange(ptr[-1], dtype=np.int64)
    return HashedFeatures(doc_ptr=ptr, index=features.index[take], value=features.value[take])


def train_softmax(
    features: HashedFeatures,
    targets: npt.NDArray[np.int64],
    labels: Sequence[str],
    spec: FeatureSpec,
    *,
    sample_weight: npt.NDArray[np.float32] | None = None,
    balance: bool = True,
    epochs: int = 6,
    batch_size: int = 256,
    learning_rate: float = 0.02,
    l2: float = 1e-6,
    seed: int = 13,
) -> LinearModel:
    n_labels = len(labels)
    n_docs = features.n_docs
    dim = 2**spec.bits
    weights = np.zeros((dim, n_labels), dtype=np.float32)
    bias = np.zeros(n_labels, dtype=np.float32)
    doc_weight = (
        np.ones(n_docs, dtype=np.float32)
        if sample_weight is None
        else sample_weight.astype(np.float32)
    )
    if balance:
        totals = np.bincount(targets, weights=doc_weight, minlength=n_labels)
        per_class = totals.sum() / (n_labels * np.maximum(totals, 1e-9))
        doc_weight = doc_weight * per_class[targets].astype(np.float32)
    doc_weight = doc_weight / doc_weight.mean()

    m_w = np.zeros_like(weights)
    v_w = np.zeros_like(weights)
    m_b = np.zeros_like(bias)
    v_b = np.zeros_like(bias)
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    rng = np.random.default_rng(seed)
    step = 0
    onehot = np.eye(n_labels, dtype=np.float32)
    for _ in range(epochs):
        order = rng.permutation(n_docs)
        for begin in range(0, n_docs, batch_size):
            docs = np.sort(order[begin : begin + batch_size]).astype(np.int64)
            batch = _slice(features, docs)
            model = LinearModel(labels=tuple(labels), weights=weights, bias=bias, spec=spec)
            proba = model.predict_proba(batch)
            err = (proba - onehot[targets[docs]]) * doc_weight[docs, None] / len(docs)
            doc_ids = batch.doc_ids()
            touched, inverse = np.unique(batch.index, return_inverse=True)
            grad = np.zeros((len(touched), n_labels), dtype=np.float32)
            contrib = err[doc_ids] * batch.value[:, None]
            for k in range(n_labels):
                grad[:, k] = np.bincount(inverse, weights=contrib[:, k], minlength=len(touched))
            grad += l2 * weights[touched]
            grad_b = err.sum(axis=0)
            step += 1
            # Lazy Adam: only the rows seen in this batch move, which keeps steps cheap.
            m_w[touched] = beta1 * m_w[touched] + (1 - beta1) * grad
            v_w[touched] = beta2 * v_w[touched] + (1 - beta2) * grad * grad
            m_b[:] = beta1 * m_b + (1 - beta1) * grad_b
            v_b[:] = beta2 * v_b + (1 - beta2) * grad_b * grad_b
            correction = np.sqrt(1 - beta2**step) / (1 - beta1**step)
            weights[touched] -= (
                learning_rate * correction * m_w[touched] / (np.sqrt(v_w[touched]) + eps)
            )
            bias -= learning_rate * correction * m_b / (np.sqrt(v_b) + eps)
    return LinearModel(labels=tuple(labels), weights=weights, bias=bias, spec=spec)
