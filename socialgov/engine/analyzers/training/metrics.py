"""The scores the issue asks for, written out so nobody needs scikit-learn to check them."""

from __future__ import annotations

from collections.abc import Sequence


def macro_recall(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    recalls = []
    for label in labels:
        relevant = [p for g, p in zip(gold, predicted, strict=True) if g == label]
        if relevant:
            recalls.append(sum(p == label for p in relevant) / len(relevant))
    return sum(recalls) / len(recalls) if recalls else 0.0


def f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> float:
    """Mean of the F1 of the positive and of the negative class."""
    inverse_gold = [not g for g in gold]
    inverse_predicted = [not p for p in predicted]
    return (f1(gold, predicted) + f1(inverse_gold, inverse_predicted)) / 2


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1)


def precision_recall_f2(
    true_positives: int, false_positives: int, false_negatives: int
) -> tuple[float, float, float]:
    precision = true_positives / max(true_positives + false_positives, 1)
    recall = true_positives / max(true_positives + false_negatives, 1)
    beta2 = 4.0
    denominator = beta2 * precision + recall
    f2 = (1 + beta2) * precision * recall / denominator if denominator else 0.0
    return precision, recall, f2
