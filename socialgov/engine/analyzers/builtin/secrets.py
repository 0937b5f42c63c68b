"""Secrets: API keys and tokens of common providers, private keys, and passwords written out
in a post ("ww: ...", "mot de passe : ...", "password: ...").

The span covers the secret value so it can be masked; the reason names the kind of secret and
never repeats it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import ClassVar

from socialgov.engine.reasons import Reason
from socialgov.engine.types import Finding

from ..normalise import may_contain
from ..registry import Batch, register

# (kind, reason, pattern, score); a named group `value` narrows the span to the secret itself.
PROVIDER_PATTERNS: tuple[tuple[str, str, re.Pattern[str], float], ...] = tuple(
    (kind, reason, re.compile(pattern), score)
    for kind, reason, pattern, score in (
        (
            "PRIVATE_KEY",
            "private key block",
            r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KE"
            r"Y(?: BLOCK)?-----(?:[\s\S]{0,8000}?-----END [A-Z ]*PRIVATE KEY(?"
            r": BLOCK)?-----)?",
            0.99,
        ),
        (
            "AWS_ACCESS_KEY",
            "AWS access key id",
            r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA)[0-9A-Z]{16}(?![A-"
            r"Z0-9])",
            0.95,
        ),
        (
            "AWS_SECRET_KEY",
            "AWS secret access key",
            r"(?i)aws_?secret_?(?:access_?)?key\s*[:=]\s*['\"]?(?P<value>[A-Za"
            r"-z0-9/+=]{40})(?![A-Za-z0-9/+=])",
            0.95,
        ),
        (
            "GITHUB_TOKEN",
            "GitHub token",
            r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-"
            r"Za-z0-9_]{22,255})",
            0.97,
        ),
        (
            "GITLAB_TOKEN",
            "GitLab token",
            r"(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_-]{20,}",
            0.95,
        ),
        (
            "SLACK_TOKEN",
            "Slack token",
            r"(?<![A-Za-z0-9])xox[abposr]-[A-Za-z0-9-]{10,}",
            0.95,
        ),
        (
            "SLACK_WEBHOOK",
            "Slack webhook URL",
            r"https://hooks\.slack\.com/services/T[A-Za-z0-9_]+/B[A-Za-z0-9_]+"
            r"/[A-Za-z0-9_]+",
            0.95,
        ),
        (
            "GOOGLE_API_KEY",
            "Google API key",
            r"(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])",
            0.95,
        ),
        (
            "STRIPE_KEY",
            "Stripe secret key",
            r"(?<![A-Za-z0-9])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}",
            0.95,
        ),
        (
            "OPENAI_KEY",
            "OpenAI API key",
            r"(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]{20,}T3Blbk"
            r"FJ[A-Za-z0-9_-]{20,}|(?<![A-Za-z0-9_-])sk-proj-[A-Za-z0-9_-]{40,"
            r"}",
            0.95,
        ),
        (
            "ANTHROPIC_KEY",
            "Anthropic API key",
            r"(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{32,}",
            0.95,
        ),
        (
            "SENDGRID_KEY",
            "SendGrid API key",
            r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
            0.95,
        ),
        (
            "TWILIO_KEY",
            "Twilio API key",
            r"(?<![A-Za-z0-9])SK[0-9a-f]{32}(?![A-Za-z0-9])",
            0.8,
        ),
        (
            "AZURE_STORAGE_KEY",
            "Azure storage account key",
            r"AccountKey=(?P<value>[A-Za-z0-9+/=]{60,100})",
            0.95,
        ),
        (
            "JWT",
            "JSON web token",
            r"(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A"
            r"-Za-z0-9_-]{8,}",
            0.9,
        ),
        (
            "TELEGRAM_BOT_TOKEN",
            "Telegram bot token",
            r"(?<!\d)\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])",
            0.9,
        ),
        (
            "URL_CREDENTIALS",
            "password inside a URL",
            r"[a-z][a-z0-9+.-]*://[^\s:/@]{1,64}:(?P<value>[^\s:/@]{3,64})@[^\s"
            r"/]+",
            0.9,
        ),
    )
)

# Literal pieces each provider pattern needs (lower case): a cheap test that skips most posts.
NEEDLES = {
    "PRIVATE_KEY": ("private key",),
    "AWS_ACCESS_KEY": ("akia", "asia", "agpa", "aida", "aroa", "anpa"),
    "AWS_SECRET_KEY": ("secret",),
    "GITHUB_TOKEN": ("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
    "GITLAB_TOKEN": ("glpat-",),
    "SLACK_TOKEN": ("xox",),
    "SLACK_WEBHOOK": ("hooks.slack.com",),
    "GOOGLE_API_KEY": ("aiza",),
    "STRIPE_KEY": ("_live_", "_test_"),
    "OPENAI_KEY": ("sk-",),
    "ANTHROPIC_KEY": ("sk-ant-",),
    "SENDGRID_KEY": ("sg.",),
    "TWILIO_KEY": ("sk",),
    "AZURE_STORAGE_KEY": ("accountkey=",),
    "JWT": ("eyj",),
    "TELEGRAM_BOT_TOKEN": (":aa",),
    "URL_CREDENTIALS": ("://",),
}

# Passwords written out in text, in en/nl/fr/de/es/it/pt; a colon or "is" introduces the value.
PASSWORD_RE = re.compile(
    r"(?i)(?<![\w])(?:password|passwd|pwd|pass|passcode|pin|wachtwoord|paswoord|ww|"
    r"mot de passe|mdp|passwort|kennwort|contraseña|contrasena|senha|parola d'ordine|"
    r"api[ _-]?key|secret|token|access[ _-]?key)"
    r"(?:\s*(?:[:=]|is|est|ist|es|é|è|=>|->)\s*|\s*:\s*)['\"“«]?(?P<value>[^\s'\"”»]{4,128})"
)
# Literal pieces (lower case) one of PASSWORD_RE's keywords needs; a test checks them.
PASSWORD_NEEDLES = (
    "pass", "pwd", "pin", "wachtwoord", "paswoord", "ww", "mdp", "kennwort", "contras",
    "senha", "parola", "api", "secret", "token", "key",
)  # fmt: skip
# Words that follow "password:" when people talk about passwords rather than write one.
_COMMON_WORDS = frozenset(
    {
        "reset", "forgotten", "vergeten", "oublié", "oublie", "incorrect", "wrong", "fout",
        "faux", "required", "verplicht", "obligatoire", "changed", "gewijzigd", "changé",
        "expired", "verlopen", "expiré", "protected", "beveiligd",
    }
)  # fmt: skip


def _entropy(value: str) -> float:
    counts = Counter(value)
    return -sum(c / len(value) * math.log2(c / len(value)) for c in counts.values())


@register(order=50)
class SecretsAnalyzer:
    slug: ClassVar[str] = "secrets"

    def __init__(self, max_chars: int = 100_000) -> None:
        self.max_chars = max_chars

    def analyze_batch(self, batch: Batch) -> list[list[Finding]]:
        out = []
        for view in batch.match_views:
            text = view.text[: self.max_chars]
            findings: list[Finding] = []
            taken: list[tuple[int, int]] = []
            lowered = text.lower()
            for kind, reason, pattern, score in PROVIDER_PATTERNS:
                # A loop, not any(...): a generator per pattern and post cost more than the test.
                for needle in NEEDLES[kind]:
                    if needle in lowered:
                        break
                else:
                    continue
                for m in pattern.finditer(text):
                    span = m.span("value") if "value" in pattern.groupindex else m.span()
                    taken.append(span)
                    start, end = view.span(*span)
                    keyed = Reason(f"secrets.{kind.lower()}", reason)
                    findings.append(Finding(self.slug, kind, score, start, end, keyed))
            for m in PASSWORD_RE.finditer(text) if may_contain(text, PASSWORD_NEEDLES) else ():
                value = m.group("value").rstrip(".,;)")
                span = (m.start("value"), m.start("value") + len(value))
                if any(span[0] < e and s < span[1] for s, e in taken) or len(value) < 4:
                    continue
                if value.lower() in _COMMON_WORDS:
                    continue
                keyword = m.group(0)[: m.start("value") - m.start()].strip(" :='\"“«").lower()
                kind = (
                    "API_KEY"
                    if any(k in keyword for k in ("key", "secret", "token"))
                    else "PASSWORD"
                )
                has_mix = (
                    any(c.isdigit() for c in value)
                    or any(not c.isalnum() for c in value)
                    or value != value.lower()
                )
                if kind == "API_KEY" and (len(value) < 16 or _entropy(value) < 3.0):
                    continue
                score = 0.9 if has_mix else 0.7
                start, end = view.span(*span)
                reason = (
                    Reason("secrets.password", "password written in the post")
                    if kind == "PASSWORD"
                    else Reason("secrets.api_key", "API key or token written in the post")
                )
                findings.append(Finding(self.slug, kind, score, start, end, reason))
            out.append(findings)
        return out
