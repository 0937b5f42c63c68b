"""Pre-publication checks: the monitoring analyzers run over a draft, plus the checks only a
post about to go out needs (links, length, language). Each finding names its span in the
draft's text and a code; its reason is written in the reader's language when shown."""

from __future__ import annotations

import functools
import ipaddress
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from socialgov.engine.analyzers import registry
from socialgov.engine.sources import publishing
from socialgov.engine.types import Finding, Post

BLOCK = "block"
WARN = "warn"
NEGATIVE_TONE_MIN = 0.7
TOXIC_MIN = 0.6
LANGUAGE_SURE = 0.9
URL_PATTERN = re.compile(r"\b(?:https?|ftp)://[^\s<>\"']+", re.IGNORECASE)
INTERNAL_SUFFIXES = (".local", ".internal", ".lan", ".corp", ".intranet", "localhost")

MESSAGES: dict[str, Promise] = {
    "personal_data": _("Personal data must not be published (%(kind)s)."),
    "secrets": _("A secret such as a password or key is in the text (%(kind)s)."),
    "confidential": _("The text carries a confidentiality marker (%(kind)s)."),
    "toxicity": _("The text reads as offensive."),
    "sentiment": _("The tone is negative."),
    "policy": _("The channel's rule %(kind)s applies."),
    "link_internal": _("This link points to an internal address."),
    "link_insecure": _("This link does not use HTTPS."),
    "too_long": _("The text is longer than the platform allows (%(kind)s characters)."),
    "language_mismatch": _("The draft's language is not the channel's language (%(kind)s)."),
    "language_detected": _("The text looks written in another language (%(kind)s)."),
    "too_many_media": _("The platform takes at most %(kind)s images per post."),
}
BLOCKING_CODES = frozenset({"personal_data", "secrets", "confidential"})


@dataclass(frozen=True)
class Check:
    code: str
    severity: str
    start: int
    end: int
    kind: str = ""

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % {"kind": self.kind}

    @property
    def blocks(self) -> bool:
        return self.severity == BLOCK

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Check:
        return cls(
            str(data["code"]),
            str(data["severity"]),
            int(data["start"]),
            int(data["end"]),
            str(data.get("kind", "")),
        )


def _from_analyzer(finding: Finding) -> Check | None:
    name = finding.analyzer
    if name in BLOCKING_CODES:
        return Check(name, BLOCK, finding.start, finding.end, finding.kind)
    if name == "toxicity" and finding.kind == "toxic" and finding.score >= TOXIC_MIN:
        return Check(name, WARN, finding.start, finding.end)
    if name == "sentiment" and finding.kind == "negative" and finding.score >= NEGATIVE_TONE_MIN:
        return Check(name, WARN, finding.start, finding.end)
    if name == "policy":
        severity = BLOCK if finding.score >= 0.75 else WARN
        return Check(name, severity, finding.start, finding.end, finding.kind)
    return None


def _is_internal_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if not host:
        return True
    try:
        return not ipaddress.ip_address(host).is_global
    except ValueError:
        return "." not in host or host.endswith(INTERNAL_SUFFIXES)


def link_checks(text: str) -> list[Check]:
    found = []
    for match in URL_PATTERN.finditer(text):
        url = match.group(0).rstrip(".,;:!?)")
        end = match.start() + len(url)
        if _is_internal_host(urlsplit(url).hostname or ""):
            found.append(Check("link_internal", WARN, match.start(), end))
        elif not url.lower().startswith("https://"):
            found.append(Check("link_insecure", WARN, match.start(), end))
    return found


@functools.cache
def _monitoring_analyzers() -> tuple[registry.Analyzer, ...]:
    """The monitoring analyzers but the per-channel rules, built once (they load weights)."""
    return tuple(registry.build([s for s in registry.DEFAULT_ANALYZERS if s != "policy"]))


def run_checks(
    *,
    text: str,
    language: str,
    channel_language: str,
    channel_handle: str,
    max_length: int,
    policy_rules: Sequence[dict[str, Any]] = (),
    media_count: int = 0,
    max_media: int = publishing.DEFAULT_MAX_MEDIA,
) -> list[Check]:
    """Every finding for a draft, in the order of the text."""
    analyzers = [*_monitoring_analyzers()]
    if policy_rules:
        analyzers += registry.build(["policy"], settings={"policy": {"rules": list(policy_rules)}})
    post = Post(id="draft", text=text, lang=language, channel=channel_handle)
    found: list[Check] = []
    for finding in registry.analyze_batch(analyzers, [post])[0]:
        if (
            finding.analyzer == "language"
            and finding.score >= LANGUAGE_SURE
            and finding.kind != language
        ):
            found.append(Check("language_detected", WARN, 0, len(text), finding.kind))
        check = _from_analyzer(finding)
        if check is not None:
            found.append(check)
    found.extend(link_checks(text))
    if len(text) > max_length:
        found.append(Check("too_long", BLOCK, max_length, len(text), str(max_length)))
    if media_count > max_media:
        found.append(Check("too_many_media", BLOCK, 0, 0, str(max_media)))
    if language != channel_language:
        found.append(Check("language_mismatch", BLOCK, 0, 0, channel_language))
    return sorted(found, key=lambda c: (c.start, c.end, c.code))
