"""The sentiment hook of the spike detector and a tiny lexicon fallback behind it.

The spike detector needs to know, per mention, whether it is negative. Records may carry a
`sentiment` field; when they do not, the detector calls a `SentimentFn`. The default here is a
deliberately small English/Dutch/French word list so the detectors run on their own; the
monitoring pipeline is expected to pass the analysis engine's sentiment function instead:
`SpikeDetector(sentiment_fn=...)` in code, the `SOCIALGOV_SENTIMENT_FN` setting (a dotted path)
for `socialgov detect spikes`. The function may return a score in [-1, 1] or a label
('negative', 'neutral', 'positive'); anything else counts as neutral.
"""

from __future__ import annotations

from collections.abc import Callable

from socialgov.engine.detectors.text import tokens, words

# A score in [-1, 1] (or a label): below NEGATIVE_BELOW a mention counts as negative.
SentimentFn = Callable[[str], float | str]
NEGATIVE_BELOW = -0.25

_NEGATIVE = words(
    """
    bad worst awful terrible horrible disgusting useless broken scam fraud rip ripoff rude angry
    hate hated hates disappointed disappointing disappointment unacceptable ridiculous pathetic
    shame shameful joke waste refund complaint complain complaining cancelled canceled delay
    delayed late never lost missing stolen outage down fail failed fails failure error crash
    crashed crashes bug buggy slow wrong poor furious annoyed annoying nightmare boycott lies liar
    lying incompetent worse sucks stuck charged overcharged dangerous sick leak leaked breach
    slecht slechtste vreselijk waardeloos oplichting oplichters boos teleurgesteld teleurstelling
    schandalig belachelijk klacht klachten geannuleerd vertraging vertraagd kapot storing fout
    traag nooit verloren gestolen onbeschoft boycot zielig lek
    mauvais pire nul horrible arnaque escroquerie escrocs colère déçu déçue décevant honteux
    honte ridicule plainte annulé retard retardé panne cassé erreur lent jamais perdu volé
    inadmissible scandaleux scandale remboursement boycott fuite
    """
)
_POSITIVE = words(
    """
    good great love loved loves excellent amazing awesome thanks thank thx happy helpful fast
    best perfect nice wonderful fantastic brilliant recommend resolved fixed appreciate
    goed geweldig super bedankt dank dankje blij top fantastisch prima snel aanrader opgelost
    bon bonne génial merci super parfait excellent heureux rapide recommande résolu bravo
    """
)
_NEGATORS = words("not no never don't doesn't didn't isn't wasn't niet geen nooit pas ne")


def lexicon_sentiment(text: str) -> float:
    """A crude score in [-1, 1] from word lists; a negator flips the next sentiment word."""
    score = 0
    flip = False
    for token in tokens(text):
        word = token.lstrip("#")
        if word in _NEGATORS:
            flip = True
            continue
        polarity = (word in _POSITIVE) - (word in _NEGATIVE)
        if polarity:
            score += -polarity if flip else polarity
        flip = False
    if score == 0:
        return 0.0
    return max(-1.0, min(1.0, score / 2))


def sentiment_value(value: object) -> float | None:
    """A record's own `sentiment` field as a score: a number in [-1, 1] or a label."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
        if number != number:  # NaN
            return None
        return max(-1.0, min(1.0, number))
    if isinstance(value, str):
        label = value.strip().lower()
        if label in {"negative", "neg", "negatief", "négatif", "negatif"}:
            return -1.0
        if label in {"positive", "pos", "positief", "positif"}:
            return 1.0
        if label in {"neutral", "neu", "neutraal", "neutre"}:
            return 0.0
    return None
