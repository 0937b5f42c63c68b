"""Peer baselines people use today, run beside ours when the `bench` extra is installed.

Each peer is optional: a missing package gives `None` and a note, never an error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

PRESIDIO_ENTITIES = ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS")


@dataclass(frozen=True, slots=True)
class Peer:
    name: str
    note: str


def vader() -> Callable[[list[str]], list[float]] | None:
    """VADER compound scores (-1..1)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyzer = SentimentIntensityAnalyzer()
    return lambda texts: [analyzer.polarity_scores(t)["compound"] for t in texts]


def vader_label(compound: float) -> str:
    # The thresholds VADER's authors recommend.
    if compound >= 0.05:
        return "positive"
    if compound <= -0.05:
        return "negative"
    return "neutral"


def profanity_check() -> Callable[[list[str]], list[float]] | None:
    """alt-profanity-check probabilities (0..1)."""
    try:
        from profanity_check import predict_prob
    except ImportError:
        return None
    return lambda texts: [float(p) for p in predict_prob(texts)]


def presidio_patterns() -> Callable[[str], list[tuple[str, int, int]]] | None:
    """Presidio's pattern recognizers only.

    Presidio's full analyzer needs a spaCy language model, which cannot be installed without
    network access here; its pattern recognizers (e-mail, phone, card, IBAN, IP) are what the
    comparison with our personal-data analyzer is about anyway.
    """
    try:
        from presidio_analyzer.predefined_recognizers import (
            CreditCardRecognizer,
            EmailRecognizer,
            IbanRecognizer,
            IpRecognizer,
            PhoneRecognizer,
        )
    except ImportError:
        return None
    # Presidio's e-mail check asks tldextract for the public suffix list over the network; with
    # no network it falls back to its bundled copy after logging a long traceback.
    logging.getLogger("tldextract").setLevel(logging.CRITICAL)
    recognizers = [
        EmailRecognizer(),
        CreditCardRecognizer(),
        IbanRecognizer(),
        IpRecognizer(),
        PhoneRecognizer(),
    ]

    def analyze(text: str) -> list[tuple[str, int, int]]:
        found = []
        for recognizer in recognizers:
            # Pattern recognizers do not read spaCy's artefacts, so none are passed (typed Any:
            # Presidio types the argument as required; it is installed only with the bench extra).
            results = recognizer.analyze(text, list(PRESIDIO_ENTITIES), cast(Any, None))
            for result in results or []:
                if result.score >= 0.3:
                    found.append((result.entity_type, result.start, result.end))
        return found

    return analyze
