"""Choose sentiment settings for a language with no labelled tweets (Dutch) without Dutch tweets.

Dutch has no tweets that may train a shipped model, only XED's projected subtitles, and its only
tweet set (dutch-political-tweets) is evaluation only. So every choice for Dutch is made by
playing Dutch's position with a language that has tweets: French (its tweets removed, its XED
subtitles kept) and German (its tweets removed; German has no subtitles). Both models are
trained on the rest and scored, as the analyzer reads them (the average of the full model and
the cue-only twin), on the *training* tweets of the left-out language. No validation split and
no evaluation-only set is read.

    .venv/bin/python tools/tune_sentiment_transfer.py [--variant NAME ...]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from socialgov.engine.analyzers import lexicon as lexicon_module
from socialgov.engine.analyzers.linear import LinearModel
from socialgov.engine.analyzers.training import datasets as ds
from socialgov.engine.analyzers.training import metrics, recipes
from socialgov.engine.analyzers.training.featurize import featurize
from socialgov.engine.analyzers.training.logistic import train_softmax
from socialgov.engine.analyzers.training.train import SEED

PROXIES = {"french": "fr", "german": "de"}
# Factors on the averaged neutral probability tried for a language without labelled tweets.
NEUTRAL_FACTORS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0)


def _fit(recipe: recipes.Recipe, rows: list[recipes.WeightedExample]) -> LinearModel:
    features = featurize([r.text for r in rows], recipe.spec, recipe.cues)
    targets = np.array([recipe.labels.index(r.label) for r in rows], dtype=np.int64)
    weights = np.array([r.weight for r in rows], dtype=np.float32)
    return train_softmax(
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


def proxy_scores(
    data_dir: Path,
    train_rows: Callable[[Path], list[recipes.WeightedExample]],
    subtitle_weight: float | None = None,
) -> dict[str, tuple[float, float, float]]:
    """Macro-recall (full, cue-only, average) for each proxy language played as Dutch; with
    `subtitle_weight`, the proxy language's own XED subtitles get that weight."""
    rows = train_rows(data_dir)
    out = {}
    for language, code in PROXIES.items():
        held = ds.xlmt_sentiment(data_dir, language, "train")
        removed = {e.text for e in held} | {
            e.text for e in ds.xlmt_sentiment(data_dir, language, "val")
        }
        kept = [r for r in rows if r.text not in removed]
        if subtitle_weight is not None and code in ("fr", "nl"):
            own = {e.text for e in ds.xed_polarity(data_dir, code)}
            kept = [
                recipes.WeightedExample(r.text, r.label, subtitle_weight) if r.text in own else r
                for r in kept
            ]
        texts, gold = [e.text for e in held], [e.label for e in held]
        probas = []
        for recipe in (recipes.SENTIMENT, recipes.SENTIMENT_CUES):
            model = _fit(recipe, kept)
            probas.append(model.predict_proba(featurize(texts, recipe.spec, recipe.cues)))
        labels = recipes.SENTIMENT.labels
        scores = []
        for proba in (probas[0], probas[1], (probas[0] + probas[1]) / 2):
            predicted = [labels[k] for k in proba.argmax(axis=1)]
            scores.append(metrics.macro_recall(gold, predicted, labels))
        out[code] = (scores[0], scores[1], scores[2])
        average = (probas[0] + probas[1]) / 2
        for factor in NEUTRAL_FACTORS:
            shifted = average * np.array([1.0, factor, 1.0], dtype=np.float32)
            predicted = [labels[k] for k in shifted.argmax(axis=1)]
            recall = metrics.macro_recall(gold, predicted, labels)
            print(f"  {code}: neutral x{factor:g} {recall:.3f}")
        for alpha in (0.3, 0.4, 0.6, 0.7):
            proba = alpha * probas[0] + (1 - alpha) * probas[1]
            predicted = [labels[k] for k in proba.argmax(axis=1)]
            recall = metrics.macro_recall(gold, predicted, labels)
            print(f"  {code}: {alpha:.1f} full + {1 - alpha:.1f} cues {recall:.3f}")
        print(
            f"  {code} played as nl: full {scores[0]:.3f} cues {scores[1]:.3f} avg {scores[2]:.3f}"
        )
        average = [labels[k] for k in ((probas[0] + probas[1]) / 2).argmax(axis=1)]
        recalls = {
            label: sum(p == g == label for p, g in zip(average, gold, strict=True))
            / max(1, gold.count(label))
            for label in labels
        }
        print(f"  {code} per-label recall of the average: {recalls}")
    return out


def xed_neutral(data_dir: Path, lang: str) -> list[ds.Example]:
    """XED lines whose only emotions are anticipation or surprise, as neutral (a variant)."""
    name = "en-annotated.tsv" if lang == "en" else f"{lang}-projections.tsv"
    out = []
    for line in (data_dir / "xed-emotion-nl-fr" / name).read_text(encoding="utf-8").splitlines():
        if "\t" not in line:
            continue
        text, raw = line.rsplit("\t", 1)
        codes = {code.strip() for code in raw.split(",")}
        if codes and codes <= {"2", "7"} and len(text) > 3:
            out.append(ds.Example(text, "neutral", lang))
    return out


def with_xed_neutral(weight: float) -> Callable[[Path], list[recipes.WeightedExample]]:
    def rows(data_dir: Path) -> list[recipes.WeightedExample]:
        out = recipes.SENTIMENT.train(data_dir)
        for lang in ("nl", "fr", "en"):
            out += [
                recipes.WeightedExample(e.text, e.label, weight)
                for e in xed_neutral(data_dir, lang)
            ]
        return out

    return rows


def with_lexicon(path: Path) -> None:
    """Read the sentiment lexicon from `path` from now on."""
    folder = Path(tempfile.mkdtemp())
    for item in lexicon_module.LEXICON_DIR.iterdir():
        shutil.copy(item, folder / item.name)
    shutil.copy(path, folder / "sentiment.json")
    lexicon_module.LEXICON_DIR = folder
    lexicon_module.lexicon_from_file.cache_clear()
    lexicon_module.symbol_set.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(ds.DEFAULT_DATA_DIR))
    parser.add_argument("--lexicon", help="a sentiment.json to try instead of the shipped one")
    parser.add_argument("--subtitle-weight", type=float, help="the proxy language's own XED")
    parser.add_argument(
        "--xed-neutral",
        type=float,
        help="weight of XED anticipation/surprise-only lines as neutral",
    )
    args = parser.parse_args()
    if args.lexicon:
        with_lexicon(Path(args.lexicon))
    train_rows = with_xed_neutral(args.xed_neutral) if args.xed_neutral else recipes.SENTIMENT.train
    scores = proxy_scores(Path(args.data), train_rows, args.subtitle_weight)
    json.dump(scores, sys.stdout)
    print()


if __name__ == "__main__":
    main()
