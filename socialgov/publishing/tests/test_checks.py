"""Pre-publication checks: what blocks, what warns, the span of each finding, and the reason
in the reader's language."""

from __future__ import annotations

import pytest
from django.utils import translation

from socialgov.publishing.checks import BLOCK, WARN, Check, link_checks, run_checks

IBAN_TEXT = "Stort het bedrag op BE68 5390 0754 7034 alstublieft."


def _checks(text: str, language: str = "nl", **extra: object) -> list[Check]:
    values: dict[str, object] = {
        "text": text,
        "language": language,
        "channel_language": "nl",
        "channel_handle": "mosa",
        "max_length": 500,
    }
    values.update(extra)
    return run_checks(**values)  # type: ignore[arg-type]


def test_an_iban_blocks_with_its_span() -> None:
    found = [c for c in _checks(IBAN_TEXT) if c.code == "personal_data"]
    assert len(found) == 1 and found[0].severity == BLOCK
    assert IBAN_TEXT[found[0].start : found[0].end] == "BE68 5390 0754 7034"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Personal data must not be published"),
        ("nl", "Persoonsgegevens mogen niet gepubliceerd worden"),
        ("fr", "Les données personnelles ne peuvent pas être publiées"),
    ],
)
def test_the_blocking_reason_reads_in_the_readers_language(language: str, expected: str) -> None:
    check = next(c for c in _checks(IBAN_TEXT) if c.code == "personal_data")
    with translation.override(language):
        assert check.message.startswith(expected)


def test_a_password_and_a_confidential_marker_block() -> None:
    codes = {
        c.code for c in _checks("Het wachtwoord is password=Zomer2024! VERTROUWELIJK") if c.blocks
    }
    assert {"secrets", "confidential"} <= codes


def test_an_insult_and_a_negative_tone_only_warn() -> None:
    found = _checks(
        "You idiot, this is terrible and awful service.", language="en", channel_language="en"
    )
    toxic = [c for c in found if c.code in {"toxicity", "sentiment"}]
    assert toxic and all(c.severity == WARN for c in toxic)
    assert not any(c.blocks for c in found)


def test_a_clean_dutch_reply_passes_without_findings() -> None:
    assert _checks("Bedankt voor uw bericht, wij helpen u graag verder.") == []


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("http://example.com/actie", "link_insecure"),
        ("https://intranet.corp/hr", "link_internal"),
        ("https://10.1.2.3/admin", "link_internal"),
        ("http://localhost:8000/", "link_internal"),
    ],
)
def test_an_internal_or_plain_http_link_warns(url: str, code: str) -> None:
    text = f"Lees meer op {url}."
    found = link_checks(text)
    assert [(c.code, c.severity) for c in found] == [(code, WARN)]
    assert text[found[0].start : found[0].end] == url


def test_a_public_https_link_is_fine() -> None:
    assert link_checks("Zie https://www.example.be/hulp voor meer.") == []


def test_a_text_longer_than_the_platform_allows_blocks_from_the_limit() -> None:
    found = [c for c in _checks("a" * 520, max_length=500) if c.code == "too_long"]
    assert found and found[0].blocks and (found[0].start, found[0].end) == (500, 520)


def test_a_draft_in_another_language_than_the_channel_blocks() -> None:
    found = _checks("Thank you for your message, we are glad to help.", language="en")
    assert any(c.code == "language_mismatch" and c.blocks for c in found)


def test_a_channel_policy_rule_applies() -> None:
    rules = [{"name": "geen-beloftes", "severity": "high", "keywords": ["gegarandeerd"]}]
    found = _checks("Terugbetaling gegarandeerd binnen de week.", policy_rules=rules)
    assert any(c.code == "policy" and c.kind == "geen-beloftes" and c.blocks for c in found)
