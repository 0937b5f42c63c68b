"""Per-language operating points of the offensive and hate heads, chosen on dev data.

`python -m socialgov.engine.analyzers.training.toxicity_thresholds` (run after `socialgov
train --only offensive --only offensive_cues --only hate --only hate_cues`) writes
`weights/offensive_thresholds.json` and `weights/hate_thresholds.json`. The toxicity analyzer
maps each head's score so that the operating point of the post's language lands on 0.5: one
threshold then means the same in every language.

What each point is chosen on (never on a row `socialgov evaluate` reports):
- English (the average of the n-gram and cue models, as at run time) and the cue-only model's
  default: the *tuning half* of the tweeteval validation split (`datasets.dev_half`), best
  macro-F1;
- then, per language, raised until no more than 0.5% (half of the 1% target: either head makes
  a post toxic) of the project's self-written tuning posts
  (`data/service_tuning.json`, ordinary service posts, complaints and colleague chat in
  en/nl/fr) is flagged. `data/service_posts.json` is never read here: it measures.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..data import SERVICE_LANGUAGES, tuning_posts
from ..linear import MODELS_DIR, load_model
from ..normalise import lexicon_tokens, normalise_for_model
from ..toxicity_cues import toxicity_cues
from . import datasets as ds
from . import metrics
from .featurize import featurize
from .recipes import RECIPES

_GRID = np.round(np.arange(0.2, 0.96, 0.01), 2)
# A post is toxic when either head flags it, so each head gets half of the 1% target.
MAX_FALSE_ALARMS = 0.005
# The hate head has a floor from its definition at 0.8 (`ToxicityCues.hate_rule`); an
# operating point above it would undo the rule.
_HATE_CEILING = 0.79
OTHER = "default"


def _scores(name: str, texts: list[str], models_dir: Path) -> npt.NDArray[np.float32]:
    model = load_model(name, models_dir)
    recipe = RECIPES[name]
    proba = model.predict_proba(featurize(texts, model.spec, recipe.cues))[:, 1]
    if name in ("offensive", "hate"):
        # As at run time (`shared.offensive_scores`, `shared.hate_scores`): trained languages
        # average both models.
        cue_model = load_model(f"{name}_cues", models_dir)
        cue_features = featurize(texts, cue_model.spec, recipe.cues)
        proba = ((proba + cue_model.predict_proba(cue_features)[:, 1]) / 2).astype(np.float32)
    if name.startswith("hate"):
        floor = [
            toxicity_cues(lexicon_tokens(normalise_for_model(t)), t).hate_rule() for t in texts
        ]
        proba = np.maximum(proba, np.array(floor, dtype=np.float32))
    return proba


def _best_f1(scores: npt.NDArray[np.float32], gold: list[bool], ceiling: float) -> float:
    best, chosen = -1.0, 0.5
    for t in _GRID:
        if t > ceiling:
            break
        f1 = metrics.macro_f1(gold, [bool(s >= t) for s in scores])
        if f1 > best + 1e-9:
            best, chosen = f1, float(t)
    return chosen


def _raise_for_false_alarms(scores: npt.NDArray[np.float32], start: float, ceiling: float) -> float:
    for t in _GRID:
        if t < start or t > ceiling:
            continue
        if float(np.mean(scores >= t)) <= MAX_FALSE_ALARMS:
            return float(t)
    return ceiling


def choose(head: str, data_dir: Path, models_dir: Path = MODELS_DIR) -> dict[str, float]:
    """Operating points for `head` ("offensive" or "hate") by language, plus `default`."""
    task = "offensive" if head == "offensive" else "hate"
    examples = ds.dev_half(ds.tweeteval(data_dir, task, "val"), tuning=True)
    texts = [e.text for e in examples]
    gold = [e.label == task for e in examples]
    ceiling = _HATE_CEILING if head == "hate" else 0.95
    full_languages = RECIPES[head].languages
    out: dict[str, float] = {}
    for model, languages in ((head, full_languages), (f"{head}_cues", ())):
        start = _best_f1(_scores(model, texts, models_dir), gold, ceiling)
        if not languages:
            out[OTHER] = start
            languages = tuple(lang for lang in SERVICE_LANGUAGES if lang not in full_languages)
        for language in languages:
            ordinary = _scores(model, tuning_posts(language), models_dir)
            out[language] = _raise_for_false_alarms(ordinary, start, ceiling)
    return dict(sorted(out.items()))


def write(data_dir: Path, models_dir: Path = MODELS_DIR) -> dict[str, dict[str, float]]:
    written = {}
    for head in ("offensive", "hate"):
        points = choose(head, data_dir, models_dir)
        about = (
            f"Operating points of the {head} head by language (raw score that maps to 0.5),"
            " chosen by training/toxicity_thresholds.py on the tuning half of the tweeteval"
            f" {head} val split and the self-written tuning posts; `default` for other languages."
        )
        path = models_dir / f"{head}_thresholds.json"
        path.write_text(json.dumps({"_about": about, "points": points}, indent=1) + "\n")
        written[head] = points
    return written


if __name__ == "__main__":
    print(write(ds.DEFAULT_DATA_DIR))
