"""Toxicity and bullying: offensive, hateful or harassing language, with categories.

Scores come from two learned heads (offensive, hate), each used where it was trained on the
post's language and replaced by its cross-lingual cue-only twin elsewhere. Each head's score is
calibrated per language: the operating point chosen on dev data for that language
(`weights/*_thresholds.json`, see `training/toxicity_thresholds.py`) maps to 0.5, so one
threshold means the same in every language. Categories (insult,
threat, identity attack, profanity) name the words that carried the decision. A post that
*reports* abuse ("he called me a ...", a quoted slur being condemned) is scored down: the
person reporting is not the attacker.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import ClassVar

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..lexicon import LexiconHit
from ..linear import MODELS_DIR
from ..normalise import MatchView
from ..registry import Batch, ConfigurationError, register
from ..shared import hate_scores, languages, offensive_scores, toxicity_cue_sets

_REPORTED_DISCOUNT = 0.5
_CATEGORY_OF = {
    "insult": "insult",
    "slur": "insult",
    "threat": "threat",
    "dehumanising": "identity_attack",
    "profanity": "profanity",
}


def _category(category: str) -> Reason:
    return Reason(f"toxicity.category.{category}", category.replace("_", " "))


def _word(category: str, word: str) -> Reason:
    label = category.replace("_", " ")
    return Reason("toxicity.word", f"{label}: '{word}'", category=_category(category), word=word)


def _head(offensive: bool, categories: list[str]) -> Reason:
    names = ", ".join(c.replace("_", " ") for c in categories)
    if offensive:
        key, text = "toxicity.offensive", f"offensive language ({names})"
    else:
        key, text = "toxicity.hateful", f"hateful language ({names})"
    return Reason(key, text, categories=tuple(_category(c) for c in categories))


def _hateful_at(target: LexiconHit | None) -> Reason:
    if target is None:
        return Reason("toxicity.hateful_any", "hateful language")
    aimed = target.entry.rstrip("*")
    return Reason("toxicity.hateful_at", f"hateful language aimed at '{aimed}'", target=aimed)


def _locate(view: MatchView, entry: str) -> tuple[int, int] | None:
    word = entry.rstrip("*")
    if len(word) < 3:
        return None
    # Whole words only, as the lexicon matches them: the span must not land inside a longer
    # word that happens to contain the entry.
    tail = r"\w*" if entry.endswith("*") else r"(?!\w)"
    match = re.search(r"(?<!\w)" + re.escape(word) + tail, view.text, re.IGNORECASE)
    if match is None:
        return None
    return view.span(match.start(), match.end())


# One reason for every post without offensive language: nothing reads a reason to change it.
_NONE = Reason("toxicity.none", "no offensive language")
_CALIBRATED_POINT = 0.5
# A threat to kill or wound aimed at the reader is toxic by definition (calibrated scale).
_THREAT_FLOOR = 0.75


@cache
def operating_points(head: str, models_dir: Path | None = None) -> dict[str, float]:
    """Raw scores of `head` that map to 0.5, by language code, with a `default`."""
    path = (models_dir or MODELS_DIR) / f"{head}_thresholds.json"
    points = json.loads(path.read_text(encoding="utf-8"))["points"]
    return {str(k): float(v) for k, v in points.items()}


def calibrate(score: float, point: float) -> float:
    """Piecewise linear, monotone: `point` lands on 0.5, 0 on 0 and 1 on 1."""
    if score < point:
        return score * _CALIBRATED_POINT / point
    return _CALIBRATED_POINT + (score - point) * (1 - _CALIBRATED_POINT) / (1 - point)


@register(order=30)
class ToxicityAnalyzer:
    slug: ClassVar[str] = "toxicity"

    def __init__(self, models_dir: str | None = None, threshold: float = 0.5) -> None:
        """A post is toxic when its calibrated offensive or hate score reaches `threshold`
        (0.5 is the operating point chosen per language); a toxic post is an identity attack
        when its calibrated hate score reaches it."""
        if not 0 < threshold < 1:
            raise ConfigurationError("toxicity needs 0 < threshold < 1")
        self.models_dir = Path(models_dir) if models_dir else None
        self.threshold = threshold

    def _calibrated(self, batch: Batch, head: str, raw: list[float]) -> list[float]:
        points = operating_points(head, self.models_dir)
        codes = [lang.code for lang in languages(batch, self.models_dir)]
        return [
            calibrate(r, points.get(code, points["default"]))
            for r, code in zip(raw, codes, strict=True)
        ]

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        offensive = self._calibrated(
            batch, "offensive", offensive_scores(batch, self.models_dir).tolist()
        )
        hate = self._calibrated(batch, "hate", hate_scores(batch, self.models_dir).tolist())
        out = []
        cue_sets = toxicity_cue_sets(batch)
        rows = zip(batch.posts, cue_sets, offensive, hate, strict=True)
        for i, (post, cues, off, hat) in enumerate(rows):
            # `reported` is the slower test: only asked of posts that score toxic.
            reported = max(off, hat) >= self.threshold and cues.reported
            if reported:
                off, hat = off * _REPORTED_DISCOUNT, hat * _REPORTED_DISCOUNT
            if cues.threatens_you:
                off = max(off, _THREAT_FLOOR)
            score = max(off, hat)
            toxic = score >= self.threshold
            if not toxic and not reported:  # most posts
                out.append([Finding(self.slug, "not_toxic", score, 0, len(post.text), _NONE)])
                continue
            findings: list[Finding] = []
            categories: list[str] = []
            if toxic:
                view = batch.match_views[i]
                hateful = hat >= self.threshold
                if hateful:
                    categories.append("identity_attack")
                    target = next((h for h in cues.hits if h.category == "identity"), None)
                    span = (_locate(view, target.entry) if target else None) or (0, len(post.text))
                    findings.append(
                        Finding(self.slug, "identity_attack", hat, *span, _hateful_at(target))
                    )
                for hit in cues.hits:
                    category = _CATEGORY_OF.get(hit.category)
                    if category is None:
                        continue
                    if category == "identity_attack" and not hateful:
                        category = "insult"
                    if category not in categories:
                        categories.append(category)
                    span = _locate(view, hit.entry) or (0, len(post.text))
                    word = hit.entry.rstrip("*")
                    findings.append(
                        Finding(self.slug, category, score, span[0], span[1], _word(category, word))
                    )
                if not findings:
                    fallback = "identity_attack" if hateful else "insult"
                    if fallback not in categories:
                        categories.append(fallback)
                    none = Reason("toxicity.no_single_word", "no single word")
                    findings.append(Finding(self.slug, fallback, score, 0, len(post.text), none))
            kind = "toxic" if toxic else "not_toxic"
            if reported:
                reason = Reason(
                    "toxicity.reported", "quotes or reports abuse rather than attacking"
                )
            elif toxic:
                reason = _head(off >= hat, categories)
            else:
                reason = _NONE
            head = Finding(self.slug, kind, score, 0, len(post.text), reason)
            out.append([head, *findings])
        return out
