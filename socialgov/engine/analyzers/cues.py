"""Language-independent cue names drawn from the project's own word lists.

Cues are facts about a post that mean the same in every language ("a negated positive word",
"an intensified negative word", "a sad emoticon", "letters stretched out"), so the weights the
model learns for them on English, French and German tweets carry over to Dutch.
"""

from __future__ import annotations

import re

from .lexicon import Lexicon, LexiconHit, lexicon_from_file, symbol_set

_SENTIMENT_FILE = "sentiment.json"
_SECTIONS = ("positive", "negative", "negators", "intensifiers", "contrast")
# A negator flips the polar words up to this many tokens after it ("not very good").
_NEGATION_SCOPE = 3
# ":)", ":-D", ";p", "<3", "xD" and the sad ones; text emoticons need no emoji.
_HAPPY_EMOTICON_RE = re.compile(r"(?:^|\s)(?:[:;=][-'^]?[)\]dDpP3*]+|<3+|\^_*\^)")
_SAD_EMOTICON_RE = re.compile(r"(?:^|\s)(?:[:;=][-'^]?[(\[/\\|]+|:'\(|</3)")
# Letters stretched out ("soooo", "noooon") or many marks ("!!!", "???").
_ELONGATED_RE = re.compile(r"([^\W\d_])\1\1")
_CAPS_WORD_RE = re.compile(r"\b[A-Z]{3,}\b")
# Cheap tests a post must pass for the pattern above them to match: they skip the slower scans
# on most posts and never change what the patterns find (a test checks each).
# Every emoticon starts with one of these, at the start of the post or after a space.
_EMOTICON_START_RE = re.compile(r"\s[:;=<^]")
_EMOTICON_FIRST = ":;=<^"
_SAME_THREE_RE = re.compile(r"(.)\1\1")
_THREE_CAPS_RE = re.compile(r"[A-Z]{3}")
_IRONY_RE = re.compile(
    r"#(?:not|sarcasm|sarcastic|irony|ironie|sarcasme|sarcasme|ironisch)\b", re.I
)


def _count_cue(name: str, count: int) -> list[str]:
    if count == 0:
        return []
    return (
        [f"{name}>=1"]
        + ([f"{name}>=2"] if count >= 2 else [])
        + ([f"{name}>=3"] if count >= 3 else [])
    )


def sentiment_lexicon() -> Lexicon:
    return lexicon_from_file(_SENTIMENT_FILE, _SECTIONS)


def sentiment_cues(tokens: list[str], raw_text: str) -> list[str]:
    """Cue names for sentiment: polar words (with negation flipping them) and emoji."""
    return sentiment_cues_from_hits(sentiment_lexicon().find(tokens), raw_text)


def _polarity_cues(hits: list[LexiconHit]) -> tuple[int, int, list[str]]:
    """Positive and negative word counts after negation, plus cues about how they were said."""
    if not hits:
        return 0, 0, []
    negator_at = {h.first for h in hits if h.category == "negators"}
    intensifier_at = {h.last for h in hits if h.category == "intensifiers"}
    contrast_at = max((h.first for h in hits if h.category == "contrast"), default=-1)
    positive = negative = 0
    cues: list[str] = []
    last_polar = ""
    for hit in hits:
        if hit.category not in ("positive", "negative"):
            continue
        negated = any(i in negator_at for i in range(hit.first - _NEGATION_SCOPE, hit.first))
        is_positive = (hit.category == "positive") != negated
        polarity = "pos" if is_positive else "neg"
        if is_positive:
            positive += 1
        else:
            negative += 1
        if negated:
            cues.append(f"negated_{hit.category[:3]}")
        if hit.first - 1 in intensifier_at or hit.first - 2 in intensifier_at:
            cues.append(f"intense_{polarity}")
        if contrast_at >= 0 and hit.first > contrast_at:
            cues.append(f"after_contrast_{polarity}")
        last_polar = polarity
    if last_polar:
        cues.append(f"last_{last_polar}")
    return positive, negative, cues


def _may_hold_emoticon(text: str) -> bool:
    return (bool(text) and text[0] in _EMOTICON_FIRST) or bool(_EMOTICON_START_RE.search(text))


def sentiment_cues_from_hits(hits: list[LexiconHit], raw_text: str) -> list[str]:
    positive, negative, cues = _polarity_cues(hits)
    emoji_pos = emoji_neg = 0
    if not raw_text.isascii():
        positive_emoji = symbol_set(_SENTIMENT_FILE, "positive_emoji")
        negative_emoji = symbol_set(_SENTIMENT_FILE, "negative_emoji")
        # Counting char by char only in posts that hold one (most hold none).
        if not (positive_emoji.isdisjoint(raw_text) and negative_emoji.isdisjoint(raw_text)):
            for char in raw_text:
                if char in positive_emoji:
                    emoji_pos += 1
                elif char in negative_emoji:
                    emoji_neg += 1
    if _may_hold_emoticon(raw_text):
        emoji_pos += len(_HAPPY_EMOTICON_RE.findall(raw_text))
        emoji_neg += len(_SAD_EMOTICON_RE.findall(raw_text))
    cues += _count_cue("lex_pos", positive) + _count_cue("lex_neg", negative)
    cues += _count_cue("emoji_pos", emoji_pos) + _count_cue("emoji_neg", emoji_neg)
    if positive and not negative:
        cues.append("only_pos")
    if negative and not positive:
        cues.append("only_neg")
    if not positive and not negative and not emoji_pos and not emoji_neg:
        cues.append("no_polar_cue")
    if "!" in raw_text:
        cues.append("exclamation")
        if "!!" in raw_text:
            cues.append("exclamations")
    if "?" in raw_text:
        cues.append("question")
    if _SAME_THREE_RE.search(raw_text) and _ELONGATED_RE.search(raw_text):
        cues.append("elongated")
    if _THREE_CAPS_RE.search(raw_text) and _CAPS_WORD_RE.search(raw_text):
        cues.append("shouting")
    if "#" in raw_text and _IRONY_RE.search(raw_text):
        cues.append("irony_tag")
    return cues
