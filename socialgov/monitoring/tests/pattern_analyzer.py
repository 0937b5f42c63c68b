"""A small pattern analyzer for tests that need findings without the shipped models."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from socialgov.monitoring.pipeline.analyse import FindingResult, PostForAnalysis

_PATTERNS: list[tuple[str, str, float, str, re.Pattern[str]]] = [
    (
        "personal_data",
        "email",
        0.9,
        "an e-mail address",
        re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+\w"),
    ),
    (
        "personal_data",
        "iban",
        0.9,
        "a bank account number (IBAN)",
        re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){3,7}\b"),
    ),
    (
        "personal_data",
        "phone",
        0.7,
        "a phone number",
        re.compile(r"(?<!\w)(?:\+32|0)4\d{2}(?:[ ./]?\d{2}){3}\b"),
    ),
    (
        "secrets",
        "credential",
        0.95,
        "what looks like a password or access key",
        re.compile(
            r"(?i)\b(?:password|wachtwoord|mot de passe|api[_ -]?key)\s*[:=]\s*\S+|AKIA[0-9A-Z]{16}"
        ),
    ),
    (
        "confidential",
        "CLASSIFICATION_LABEL",
        0.85,
        "a classification label",
        re.compile(
            r"(?i)\b(?:confidential|vertrouwelijk|confidentiel|internal only|strikt intern)\b"
        ),
    ),
    (
        "toxicity",
        "toxic",
        0.8,
        "insulting language",
        re.compile(r"(?i)\b(?:idiots?|stupid|klootzak|idioot|debiel|connard|abruti|crétin)\b"),
    ),
    (
        "sentiment",
        "negative",
        0.7,
        "negative wording",
        re.compile(
            r"(?i)\b(?:terrible|awful|worst|scandal|schandalig|slecht|waardeloos|nul|honteux|arnaque|scam|oplichting)\b"
        ),
    ),
    (
        "complaint",
        "complaint",
        0.75,
        "a complaint",
        re.compile(
            r"(?i)\b(?:still waiting|no answer|nog steeds geen|klacht|toujours pas|réclamation"
            r"|refund|terugbetaling|remboursement)\b"
        ),
    ),
]


def analyze(posts: Sequence[PostForAnalysis]) -> Iterable[FindingResult]:
    for post in posts:
        for analyzer, kind, score, reason, pattern in _PATTERNS:
            match = pattern.search(post.text)
            if match is not None:
                yield FindingResult(
                    post_id=post.id,
                    analyzer=analyzer,
                    kind=kind,
                    score=score,
                    reason=reason,
                    start=match.start(),
                    end=match.end(),
                )
