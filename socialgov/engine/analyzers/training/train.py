"""`socialgov train`: train the shipped models from the development data, reproducibly."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from ..linear import MODELS_DIR, LinearModel, forget_model
from . import metrics
from .featurize import featurize
from .logistic import train_softmax
from .recipes import RECIPES, Recipe

SEED = 13
COMPLAINT = "complaint"
# The complaint rule is tuned last: it reads the sentiment model just trained.
TASKS = (*RECIPES, COMPLAINT)


@dataclass(frozen=True, slots=True)
class TrainingReport:
    name: str
    rows: int
    seconds: float
    dev_scores: dict[str, float]
    digest: str
    path: Path


def score(model: LinearModel, recipe: Recipe, texts: list[str], gold: list[str]) -> float:
    proba = model.predict_proba(featurize(texts, model.spec, recipe.cues))
    predicted = [model.labels[k] for k in proba.argmax(axis=1)]
    if recipe.metric == "accuracy":
        return metrics.accuracy(gold, predicted)
    if recipe.metric == "macro_f1":
        positive = model.labels[1]
        return metrics.macro_f1([g == positive for g in gold], [p == positive for p in predicted])
    return metrics.macro_recall(gold, predicted, model.labels)


def weights_digest(model: LinearModel) -> str:
    digest = hashlib.sha256()
    digest.update(model.weights.astype(np.float16).tobytes())
    digest.update(model.bias.astype(np.float32).tobytes())
    return digest.hexdigest()[:16]


def train_recipe(recipe: Recipe, data_dir: Path) -> tuple[LinearModel, int]:
    examples = recipe.train(data_dir)
    features = featurize([e.text for e in examples], recipe.spec, recipe.cues)
    targets = np.array([recipe.labels.index(e.label) for e in examples], dtype=np.int64)
    weights = np.array([e.weight for e in examples], dtype=np.float32)
    model = train_softmax(
        features,
        targets,
        recipe.labels,
        recipe.spec,
        sample_weight=weights,
        epochs=recipe.epochs,
        learning_rate=recipe.learning_rate,
        l2=recipe.l2,
        seed=SEED,
    )
    model.meta = {"languages": list(recipe.languages), "cues": recipe.cues}
    if recipe.class_scale:
        model.meta["class_scale"] = {k: list(v) for k, v in recipe.class_scale.items()}
    return model, len(examples)


def train(
    names: Iterable[str] | None,
    data_dir: Path,
    out_dir: Path = MODELS_DIR,
    *,
    log: Callable[[str], None] = print,
    command: str = "socialgov train",
) -> list[TrainingReport]:
    reports = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in names or TASKS:
        if name == COMPLAINT:
            reports.append(_tune_complaint(data_dir, out_dir, command, log))
            continue
        recipe = RECIPES[name]
        started = time.perf_counter()
        model, rows = train_recipe(recipe, data_dir)
        # Round-trip through the stored precision so the dev scores describe the shipped file.
        path = out_dir / f"{recipe.name}.npz"
        model.save(path)
        forget_model(path)
        model = LinearModel.load(path)
        dev_scores = {
            dev_name: score(model, recipe, [e.text for e in dev], [e.label for e in dev])
            for dev_name, dev in recipe.dev(data_dir).items()
        }
        seconds = time.perf_counter() - started
        report = TrainingReport(recipe.name, rows, seconds, dev_scores, weights_digest(model), path)
        write_model_card(recipe, report, out_dir, command)
        log(
            f"{recipe.name}: {rows} rows, {seconds:.1f}s, weights {report.digest}, "
            + ", ".join(f"{k} {v:.3f}" for k, v in dev_scores.items())
        )
        reports.append(report)
    return reports


def _tune_complaint(
    data_dir: Path, out_dir: Path, command: str, log: Callable[[str], None]
) -> TrainingReport:
    from . import complaint_rule

    started = time.perf_counter()
    scores = complaint_rule.tune(data_dir, out_dir, out_dir)
    path = out_dir / "complaint.json"
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    rows = len(complaint_rule.tuning_rows(data_dir))
    report = TrainingReport(COMPLAINT, rows, time.perf_counter() - started, scores, digest, path)
    complaint_rule.write_card(report.dev_scores, rows, digest, out_dir, command)
    log(
        f"complaint: {rows} tuning rows, weights {digest}, "
        + ", ".join(f"F1 on {k} {v:.3f}" for k, v in scores.items())
    )
    return report


def write_model_card(recipe: Recipe, report: TrainingReport, out_dir: Path, command: str) -> None:
    size_kib = report.path.stat().st_size / 1024
    lines = [
        f"# Model card: `{recipe.name}`",
        "",
        recipe.purpose,
        "",
        f"- File: `{report.path.name}` ({size_kib:.0f} KiB), numpy .npz read with",
        "  `allow_pickle=False`: float16 weights over hashed features, float32 bias,",
        "  a JSON header.",
        f"- Labels: {', '.join(recipe.labels)}",
        f"- Features: {recipe.spec.to_dict()}"
        + (f", plus `{recipe.cues}` cues from the project's own word lists" if recipe.cues else ""),
        f"- Model: multinomial logistic regression, class-balanced, mini-batch Adam,"
        f" {recipe.epochs} epochs, learning rate {recipe.learning_rate}, L2 {recipe.l2:g},"
        f" seed {SEED}.",
        f"- Used for languages: {', '.join(recipe.languages) or 'any (cue-only, cross-lingual)'}",
        *[
            f"- Averaged scores of `{code}` posts times {list(factors)}"
            f" ({', '.join(recipe.labels)}), renormalised (see below)"
            for code, factors in recipe.class_scale.items()
        ],
        f"- Training rows: {report.rows}",
        f"- Weights digest (sha256 of weights and bias, first 16 hex): `{report.digest}`",
        f"- Command: `{command}` (same data, same command, same weights)",
        f"- Trained: {datetime.now(UTC).date().isoformat()}",
        "",
        "## Data",
        "",
        *[f"- {source}" for source in recipe.sources],
        "",
        "Licences as stated in each data set's SOURCE.txt; only sets marked as allowed for shipped",
        "artifacts are used. Cite the original authors when redistributing.",
        "",
        f"## Dev scores ({recipe.metric.replace('_', '-')})",
        "",
        *[f"- {name}: {value:.3f}" for name, value in report.dev_scores.items()],
        "",
        "Dev sets are validation splits never used for training. Held-out test sets were not used.",
        "",
        *_tuning_section(recipe),
        "## Limits",
        "",
        "A bag of n-grams: it does not read sarcasm or long-range context, and it reflects the",
        "biases of its training tweets. Use its scores to sort work for people, not to decide",
        "alone.",
        "",
    ]
    (out_dir / f"{recipe.name}.md").write_text("\n".join(lines), encoding="utf-8")


def _tuning_section(recipe: Recipe) -> list[str]:
    tuning = recipe.extra.get("tuning")
    reported = recipe.extra.get("reported")
    return (["## How it was tuned", "", tuning, ""] if tuning else []) + (
        ["## Reported on (never trained or tuned on)", "", reported, ""] if reported else []
    )
