"""Toxicity and bullying: offensive, hateful or harassing language, with categories.

Scores come from two learned heads (offensive, hate), each used where it was trained on the
post's language and replaced by its cross-lingual cue-only twin elsewhere. Categories (insult,
threat, identity attack, profanity) name the words that carried the decision. A post that
*reports* abuse ("he called me a ...", a quoted slur being condemned) is scored down: the
person reporting is not the attacker.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..normalise import MatchView
from ..registry import Batch, ConfigurationError, register
from ..shared import hate_scores, offensive_scores, toxicity_cue_sets

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


@register(order=30)
class ToxicityAnalyzer:
    slug: ClassVar[str] = "toxicity"

    def __init__(
        self, models_dir: str | None = None, threshold: float = 0.5, hate_threshold: float = 0.8
    ) -> None:
        """A post is toxic when its offensive score reaches `threshold` or its hate score reaches
        `hate_threshold`; a toxic post is an identity attack when its hate score reaches
        `threshold`. The hate head alone is held to a higher bar because it also fires on
        heated but civil posts about groups."""
        if not 0 < threshold < hate_threshold < 1:
            raise ConfigurationError("toxicity needs 0 < threshold < hate_threshold < 1")
        self.models_dir = Path(models_dir) if models_dir else None
        self.threshold = threshold
        self.hate_threshold = hate_threshold

    def _rescale_hate(self, hate: float) -> float:
        """Map the hate score so that `hate_threshold` lands on `threshold` (piecewise linear),
        making one toxicity score whose threshold means the same for both heads."""
        t, h = self.threshold, self.hate_threshold
        if hate < h:
            return hate * t / h
        return t + (hate - h) * (1 - t) / (1 - h)

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        offensive = offensive_scores(batch, self.models_dir)
        hate = hate_scores(batch, self.models_dir)
        out = []
        for i, (post, cues) in enumerate(zip(batch.posts, toxicity_cue_sets(batch), strict=True)):
            off, hat = float(offensive[i]), float(hate[i])
            reported = cues.reported and max(off, hat) >= self.threshold
            if reported:
                off, hat = off * _REPORTED_DISCOUNT, hat * _REPORTED_DISCOUNT
            score = max(off, self._rescale_hate(hat))
            toxic = score >= self.threshold
            findings: list[Finding] = []
            categories: list[str] = []
            if toxic:
                view = batch.match_views[i]
                hateful = hat >= self.threshold
                if hateful:
                    categories.append("identity_attack")
                    target = next((h for h in cues.hits if h.category == "identity"), None)
                    span = (_locate(view, target.entry) if target else None) or (0, len(post.text))
                    who = f" aimed at '{target.entry.rstrip('*')}'" if target else ""
                    findings.append(
                        Finding(self.slug, "identity_attack", hat, *span, f"hateful language{who}")
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
                reason = Reason("toxicity.none", "no offensive language")
            head = Finding(self.slug, kind, score, 0, len(post.text), reason)
            out.append([head, *findings])
        return out
