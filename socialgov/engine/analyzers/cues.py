"""Language-independent cue names drawn from the project's own word lists."""

from __future__ import annotations

from .lexicon import Lexicon, LexiconHit, lexicon_from_file, symbol_set

_SENTIMENT_FILE = "sentiment.json"


def _count_cue(name: str, count: int) -> list[str]:
    if count == 0:
        return []
    return (
        [f"{name}>=1"]
        + ([f"{name}>=2"] if count >= 2 else [])
        + ([f"{name}>=3"] if count >= 3 else [])
    )


def sentiment_lexicon() -> Lexicon:
    return lexicon_from_file(_SENTIMENT_FILE, ("positive", "negative", "negators"))


def sentiment_cues(tokens: list[str], raw_text: str) -> list[str]:
    """Cue names for sentiment: polar words (with negation flipping them) and emoji."""
    return sentiment_cues_from_hits(sentiment_lexicon().find(tokens), raw_text)


def sentiment_cues_from_hits(hits: list[LexiconHit], raw_text: str) -> list[str]:
    negator_at = {h.first for h in hits if h.category == "negators"}
    positive = negative = 0
    for hit in hits:
        if hit.category == "negators":
            continue
        negated = any(i in negator_at for i in range(hit.first - 3, hit.first))
        is_positive = (hit.category == "positive") != negated
        if is_positive:
            positive += 1
        else:
            negative += 1
    positive_emoji = symbol_set(_SENTIMENT_FILE, "positive_emoji")
    negative_emoji = symbol_set(_SENTIMENT_FILE, "negative_emoji")
    emoji_pos = emoji_neg = 0
    if not raw_text.isascii():
        for char in raw_text:
            if char in positive_emoji:
                emoji_pos += 1
            elif char in negative_emoji:
                emoji_neg += 1
    cues = _count_cue("lex_pos", positive) + _count_cue("lex_neg", negative)
    cues += _count_cue("emoji_pos", emoji_pos) + _count_cue("emoji_neg", emoji_neg)
    if positive and not negative:
        cues.append("only_pos")
    if negative and not positive:
        cues.append("only_neg")
    if not positive and not negative and not emoji_pos and not emoji_neg:
        cues.append("no_polar_cue")
    if "!" in raw_text:
        cues.append("exclamation")
    if "?" in raw_text:
        cues.append("question")
    return cues
