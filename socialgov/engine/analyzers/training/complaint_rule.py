"""Tuning the complaint rule's dozen weights, on some domains only.

complaints-social-media has no licence, so nothing learned from its words may ship. What ships
is the weight of each of the rule's readable signals (`builtin.complaint.FEATURES`) and one
bias, fitted here by a class-balanced logistic regression on the tuning domains only; the cut
that gives the best F1 on those domains is folded into the bias so that 0.5 means that cut.
`socialgov evaluate` reports F1 on the other domains, which the tuning never sees.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from socialgov.engine.types import Post

from ..builtin.complaint import FEATURES, complaint_probability, complaint_signals, rule_weights
from ..registry import Batch
from . import datasets as ds
from . import metrics

# Product and service domains are split whole: the held-out figure is on domains the rule never
# saw. The random tweets and replies are the background every domain is seen against, not a
# domain, so they are split row by row (even rows tune, odd rows report).
TUNE_DOMAINS = ("apparel", "electronics")
REPORT_DOMAINS = ("software", "services", "food")
_BACKGROUND = ("random_tweet", "random_reply")


def tuning_rows(data_dir: Path) -> list[ds.Example]:
    return ds.complaints(data_dir, TUNE_DOMAINS) + ds.complaints(data_dir, _BACKGROUND)[0::2]


def held_out_rows(data_dir: Path) -> list[ds.Example]:
    """The rows `socialgov evaluate` reports: never used to tune the rule."""
    return ds.complaints(data_dir, REPORT_DOMAINS) + ds.complaints(data_dir, _BACKGROUND)[1::2]


_STEPS = 3000
_LEARNING_RATE = 0.5
_L2 = 1e-3
_BATCH = 512


def signals(texts: list[str], models_dir: Path | None) -> npt.NDArray[np.float32]:
    rows = []
    for begin in range(0, len(texts), _BATCH):
        posts = [Post(str(i), t) for i, t in enumerate(texts[begin : begin + _BATCH], begin)]
        rows.append(complaint_signals(Batch(posts), models_dir)[0])
    return np.concatenate(rows) if rows else np.zeros((0, len(FEATURES)), dtype=np.float32)


def fit(
    x: npt.NDArray[np.float32], gold: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float32], float]:
    """Full-batch gradient descent in float64 from zero: deterministic, no seed needed."""
    xs = x.astype(np.float64)
    y = gold.astype(np.float64)
    positive = max(y.mean(), 1e-9)
    sample = np.where(y == 1, 0.5 / positive, 0.5 / max(1 - positive, 1e-9))
    w = np.zeros(xs.shape[1])
    b = 0.0
    for _ in range(_STEPS):
        p = 1.0 / (1.0 + np.exp(-(xs @ w + b)))
        err = (p - y) * sample / len(y)
        w -= _LEARNING_RATE * (xs.T @ err + _L2 * w)
        b -= _LEARNING_RATE * float(err.sum())
    return w.astype(np.float32), b


def best_cut(scores: npt.NDArray[np.float32], gold: list[bool]) -> float:
    cuts = np.round(np.arange(0.2, 0.81, 0.01), 2)
    f1s = [metrics.f1(gold, list(scores >= c)) for c in cuts]
    return float(cuts[int(np.argmax(f1s))])


def tune(data_dir: Path, out_dir: Path, models_dir: Path | None = None) -> dict[str, float]:
    """Writes `complaint.json` to `out_dir`; returns F1 on the tuning and reporting domains."""
    tune_rows = tuning_rows(data_dir)
    x = signals([e.text for e in tune_rows], models_dir)
    gold = [e.label == "complaint" for e in tune_rows]
    weights, bias = fit(x, np.array(gold))
    cut = best_cut(complaint_probability(x, weights, bias), gold)
    bias -= float(np.log(cut / (1 - cut)))
    rounded = {name: round(float(v), 4) for name, v in zip(FEATURES, weights, strict=True)}
    bias = round(bias, 4)
    payload = {
        "_about": (
            "Weights of the complaint rule's signals (builtin/complaint.py), tuned by"
            " training/complaint_rule.py on complaints-social-media domains"
            f" {', '.join(TUNE_DOMAINS)} and the even rows of the random tweets and replies"
            " only; see complaint.md."
        ),
        "bias": bias,
        "weights": rounded,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "complaint.json").write_text(
        json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    rule_weights.cache_clear()
    stored = np.array([rounded[n] for n in FEATURES], dtype=np.float32)
    scores = {}
    for name, rows in (("tuning rows", tune_rows), ("held-out domains", held_out_rows(data_dir))):
        found = complaint_probability(signals([e.text for e in rows], models_dir), stored, bias)
        scores[name] = metrics.f1([e.label == "complaint" for e in rows], list(found >= 0.5))
    return scores


def write_card(
    scores: dict[str, float], rows: int, digest: str, out_dir: Path, command: str
) -> None:
    lines = [
        "# Model card: `complaint` (a tuned scoring rule)",
        "",
        "Customer complaint yes/no: a logistic rule over the readable signals of",
        f"`builtin/complaint.py` ({', '.join(FEATURES)}).",
        "",
        "- File: `complaint.json`: one weight per signal and a bias, nothing else; no word or",
        "  n-gram weight is learned from any data set.",
        "- Signals: the `sentiment` model's negative and positive probabilities, the project's own",
        "  complaint word lists (`lexicons/complaint.json`, en/nl/fr/de, written by hand, not from",
        "  data), `@` addressed, `?`, a link.",
        f"- Tuned on: complaints-social-media domains {', '.join(TUNE_DOMAINS)} and the even",
        f"  rows of its random tweets and replies ({rows} rows). The F1-best cut on those rows",
        "  is folded into the bias, so the default threshold 0.5 is that cut.",
        f"- Measured on: the domains {', '.join(REPORT_DOMAINS)} and the odd rows of the random",
        "  tweets and replies, never used for tuning (`socialgov evaluate`).",
        "- Licence: complaints-social-media states no licence, so it is evaluation data; only this",
        "  dozen weights was tuned on part of it, and it is never used to train word weights.",
        f"- Digest (sha256 of the file, first 16 hex): `{digest}`",
        f"- Command: `{command}` (deterministic: full-batch gradient descent from zero)",
        "",
        "## Scores (F1)",
        "",
        *[f"- {name}: {value:.3f}" for name, value in scores.items()],
        "",
        "## Limits",
        "",
        "English data only: the Dutch, French and German word lists are carried by the same",
        "weights, untested on labelled complaints in those languages.",
        "",
    ]
    (out_dir / "complaint.md").write_text("\n".join(lines), encoding="utf-8")
