"""Every reason the analysis engine gives has a template in the catalogue, so a finding's
reason reads in the reader's language and never falls back to the engine's English."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from django.utils import translation

from socialgov.core.texts import CATALOGUE, message_text
from socialgov.engine.analyzers.builtin.secrets import PROVIDER_PATTERNS
from socialgov.engine.analyzers.registry import analyze_batch, build
from socialgov.engine.reasons import Reason, reason_messages
from socialgov.engine.types import Post

ENGINE = Path(__file__).resolve().parents[2] / "engine"
# A key is a quoted "analyzer.reason"; names.py builds its keys from `_why("reason", ...)`.
LITERAL_KEY = re.compile(
    r'"((?:complaint|sentiment|toxicity|compromise|impersonation|secrets|personal_data|'
    r'confidential)\.[a-z0-9_.]+)"'
)
NAME_KEY = re.compile(r'_why\(\s*"([a-z_]+)"')
# Keys the engine builds from a label: every label it can give.
BUILT_KEYS = [
    *(f"sentiment.{label}" for label in ("negative", "neutral", "positive")),
    *(f"sentiment.{label}_words" for label in ("negative", "neutral", "positive")),
    *(f"toxicity.category.{c}" for c in ("insult", "threat", "identity_attack", "profanity")),
    "compromise.new_mentions",
    "compromise.new_hashtags",
    # Secrets and personal data are keyed by the kind they found.
    *(f"secrets.{kind.lower()}" for kind, _reason, _pattern, _score in PROVIDER_PATTERNS),
    *(
        f"personal_data.{kind}"
        for kind in ("email_address", "iban_code", "be_national_number", "phone_number", "person")
    ),
]
FALLBACK = "\x00not composed\x00"


def engine_keys() -> set[str]:
    found = set(BUILT_KEYS)
    for path in ENGINE.rglob("*.py"):
        if "tests" not in path.parts:
            source = path.read_text(encoding="utf-8")
            found.update(
                key for key in LITERAL_KEY.findall(source) if not key.endswith((".json", ".md"))
            )
            found.update(f"impersonation.{key}" for key in NAME_KEY.findall(source))
    return found


def test_the_engine_names_its_reasons_by_key() -> None:
    keys = engine_keys()
    assert {"complaint.about", "compromise.scam", "impersonation.homoglyph"} <= keys
    assert len(keys) > 50


@pytest.mark.parametrize("key", sorted(engine_keys()))
def test_every_engine_reason_key_has_a_template(key: str) -> None:
    assert f"engine.{key}" in CATALOGUE


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_engines_findings_read_in_dutch_and_french(language: str) -> None:
    posts = [
        Post(id=1, text="@mosabank my refund is late again, this is terrible service!", lang="en"),
        Post(id=2, text="You are a stupid idiot and I will find you", lang="en"),
        Post(id=3, text="Thanks, great help today", lang="en"),
    ]
    analyzers = build(["sentiment", "complaint", "toxicity"])
    findings = [f for row in analyze_batch(analyzers, posts) for f in row]
    reasons = [f.reason for f in findings if isinstance(f.reason, Reason)]
    assert len(reasons) == len(findings) >= 6
    with translation.override(language):
        composed = [message_text(reason_messages(r), FALLBACK) for r in reasons]
    assert FALLBACK not in composed
    for reason, text in zip(reasons, composed, strict=True):
        assert text != str(reason), f"{reason.key} is still English in {language}"


LEAKS = [
    "my password: Tr0ub4dor&3 and ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
    "mail jan.peeters@example.com or call +32 470 12 34 56, IBAN BE71 0961 2345 6769",
    "card 4111 1111 1111 1111 from 192.168.10.20, my name is Jan Peeters",
    "STRICTLY CONFIDENTIAL: project Falcon numbers attached",
]


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_secret_personal_data_and_confidential_reasons_read_in_dutch_and_french(
    language: str,
) -> None:
    posts = [Post(id=i, text=text, lang="en") for i, text in enumerate(LEAKS, start=1)]
    analyzers = build(
        ["secrets", "personal_data", "confidential"],
        {"confidential": {"watch_list": ["Falcon"]}},
    )
    findings = [f for row in analyze_batch(analyzers, posts) for f in row]
    kinds = {f.kind for f in findings}
    assert {"PASSWORD", "GITHUB_TOKEN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE"} <= kinds
    assert {"CREDIT_CARD", "IP_ADDRESS", "CLASSIFICATION_LABEL", "WATCH_LIST"} <= kinds
    assert all(isinstance(f.reason, Reason) for f in findings)
    with translation.override(language):
        composed = {f.kind: message_text(reason_messages(f.reason), FALLBACK) for f in findings}
    for finding in findings:
        text = composed[finding.kind]
        assert text != FALLBACK
        assert text != str(finding.reason), f"{finding.kind} is still English in {language}"
    assert "Falcon" in composed["WATCH_LIST"]  # the watched term itself is never translated
    assert "Visa" in composed["CREDIT_CARD"]


def test_a_reason_stays_its_english_text_and_survives_pickling() -> None:
    reason = Reason("compromise.repeat", "same text posted 3 times within 15 minutes", count=3)
    assert reason == "same text posted 3 times within 15 minutes"
    assert "; ".join([reason, reason]).count("same text") == 2
    copy = pickle.loads(pickle.dumps(reason))  # noqa: S301  (our own bytes)
    assert copy.key == "compromise.repeat" and copy.params == {"count": 3}
    assert reason_messages([reason, "plain text"]) == {}
