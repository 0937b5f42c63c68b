"""Text normalisation for what social media throws at the analyzers.

Two views of a post are needed:

* a *model view* for the learned classifiers: lower-cased, URLs and @mentions replaced by
  placeholders, elongations shortened, compatibility forms folded (fullwidth, mathematical
  letters), zero-width characters removed and confusable letters mapped to Latin. Offsets are
  not kept; these models judge the whole post.
* a *match view* for the span analyzers (personal data, secrets, confidential markers): the same
  length-preserving folds (accents, confusables, zero-width removal) with a map back to the
  original offsets, so every reported span points into the text the person will read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

MAX_MODEL_CHARS = 2000

ZERO_WIDTH_RE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

# Letters from other scripts that people (and spammers) use to dodge filters. Only letters that
# look the same as a Latin letter are listed; everything else is left alone.
_CONFUSABLES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ї": "i", "ј": "j", "ѕ": "s", "ԁ": "d",
    "ɡ": "g", "һ": "h", "ӏ": "l", "ո": "n", "ս": "u",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ρ": "p", "ν": "v", "ι": "i", "κ": "k", "τ": "t", "υ": "u",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}  # fmt: skip
_CONFUSABLE_TABLE = str.maketrans(_CONFUSABLES)

LEET_TABLE = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)

URL_RE = re.compile(
    r"(?:https?://|www\.)\S+|\b[a-z0-9.-]+\.(?:com|org|net|be|nl|fr|de|eu|ly|co)/\S*"
)
# Credentials, e-mail addresses and links are data, not words the author chose to say: a
# password such as "Kl00tzak99" or an address such as "idiot@example.com" must not make a post
# toxic, so the model view keeps only a placeholder for them.
EMAIL_VALUE_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_PLACEHOLDER = "emailaddress"
CREDENTIAL_RE = re.compile(
    r"\b(password|passwd|pwd|pw|ww|wachtwoord|mdp|mot de passe|passwort|kennwort|"
    r"pin|pincode|code pin)\s*(?:[:=]|is\b|est\b|:)\s*\S+"
    r"|\b(login|username|user|gebruikersnaam|gebruiker|identifiant|benutzername|token)\s*[:=]\s*\S+"
)
# Literal pieces one of CREDENTIAL_RE's markers needs; a test checks them.
_CREDENTIAL_NEEDLES = (
    "pw", "ww", "wachtwoord", "mdp", "pass", "kennwort", "pin", "login", "user", "gebruiker",
    "identifiant", "benutzername", "token",
)  # fmt: skip
CREDENTIAL_MASK = "secretvalue"
MENTION_PLACEHOLDER = "@user"
# (?<!\w)@\w+ with the look-behind after the "@", so the engine can jump from one "@" to the
# next instead of testing every position; it matches the same spans.
MENTION_RE = re.compile(r"@(?<!\w@)\w+")
# The same as (.)\1{2,}, which the engine scans twice as slowly.
ELONGATION_RE = re.compile(r"(.)\1\1+")
# "dieseNutte", "#BlackLivesMatter": words run together, split where the case changes.
# The cheapest of its three zero-width tests first: (?<=[^\W\d_]{3})(?<![A-Z])(?=[A-Z][a-z]) in
# another order, the same positions four times as fast.
CAMEL_RE = re.compile(r"(?=[A-Z][a-z])(?<![A-Z])(?<=[^\W\d_]{3})")
# "F i c k": letters spaced out to dodge filters.
SPACED_RE = re.compile(r"\b(?:[^\W\d_] ){2,}[^\W\d_]\b")
# What a SPACED_RE or EMAIL_VALUE_RE match always holds, found far faster than the match.
_SPACED_HINT_RE = re.compile(r" [^\W\d_] [^\W\d_]")
_EMAIL_HINT_RE = re.compile(r"@[\w-]+\.[\w-]")
WORD_RE = re.compile(r"[\w@$!*'’]+")
_EDGE_CHARS = "!'’*_"


def normalise_for_model(text: str) -> str:
    """The model view of a post (see the module docstring)."""
    text = text[: MAX_MODEL_CHARS * 2]
    if not text.isascii():
        text = ZERO_WIDTH_RE.sub("", text)
        text = unicodedata.normalize("NFKC", text).translate(_CONFUSABLE_TABLE)
    # Each pattern below runs only on text that holds what it needs (a cheap `in` test): the
    # pattern scans are most of the time this takes.
    lowered = text.lower()
    if lowered != text:  # CAMEL_RE needs an upper-case letter
        lowered = CAMEL_RE.sub(" ", text).lower()
    text = lowered
    if _SPACED_HINT_RE.search(text):
        text = SPACED_RE.sub(_unspace, text)
    if _holds_any(text, _CREDENTIAL_NEEDLES):
        text = CREDENTIAL_RE.sub(_mask_credential, text)
    if "@" in text and _EMAIL_HINT_RE.search(text):
        text = EMAIL_VALUE_RE.sub(f" {EMAIL_PLACEHOLDER} ", text)
    if "/" in text or "www." in text:
        text = URL_RE.sub(" httpurl ", text)
    if "@" in text:
        text = MENTION_RE.sub(f" {MENTION_PLACEHOLDER} ", text)
    text = ELONGATION_RE.sub(r"\1\1", text)
    if "&" in text:
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = " ".join(text.split())
    return text[:MAX_MODEL_CHARS]


def _unspace(match: re.Match[str]) -> str:
    return match.group(0).replace(" ", "")


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    # A loop rather than any(...): the generator would cost more than the tests.
    for needle in needles:  # noqa: SIM110
        if needle in text:
            return True
    return False


def _mask_credential(match: re.Match[str]) -> str:
    return f" {match.group(1) or match.group(2)} {CREDENTIAL_MASK} "


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded to one character: accents dropped, confusables mapped."""
    mapped = char.translate(_CONFUSABLE_TABLE)
    if mapped != char:
        return mapped
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base if len(base) == 1 else char


class _FoldTable(dict[int, str]):
    """A `str.translate` table that folds each new character once and remembers it."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        if len(self) < 100_000:
            self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold_accents(text: str) -> str:
    """Accent- and confusable-folded text of the same length."""
    if text.isascii():
        return text
    return text.translate(_FOLD_TABLE)


SpanMapper = Callable[[int, int], tuple[int, int]]

# Letters Python's case-insensitive matching takes for an ASCII letter although `str.lower`
# does not give that letter ("İ" lowers to "i" plus a combining dot).
_CASE_TWINS = str.maketrans({"ı": "i", "İ": "i", "ſ": "s"})


def may_contain(text: str, needles: tuple[str, ...]) -> bool:
    """Whether `text` holds one of the lower-case `needles`, ignoring case as a case-insensitive
    pattern does: a cheap test that skips a pattern that needs one of them."""
    lowered = text.lower()
    if not text.isascii() and ("ı" in text or "İ" in text or "ſ" in text):
        lowered = text.translate(_CASE_TWINS).lower()
    # A loop rather than any(...): the generator would cost more than the tests.
    for needle in needles:  # noqa: SIM110
        if needle in lowered:
            return True
    return False


def identity_span(start: int, end: int) -> tuple[int, int]:
    return start, end


class MatchView:
    """Folded text for span matching, with the way back to original offsets."""

    __slots__ = ("_offsets", "original", "text")

    def __init__(self, original: str) -> None:
        self.original = original
        self._offsets: list[int] | None
        if original.isascii():
            self.text = original
            self._offsets = None
            return
        if not ZERO_WIDTH_RE.search(original):
            # Folding keeps one character per character, so offsets need no map.
            self.text = fold_accents(original)
            self._offsets = None
            return
        chars: list[str] = []
        offsets: list[int] = []
        for index, char in enumerate(original):
            if ZERO_WIDTH_RE.match(char):
                continue
            chars.append(_fold_char(char))
            offsets.append(index)
        offsets.append(len(original))
        self.text = "".join(chars)
        self._offsets = offsets

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the folded span `[start, end)`."""
        if self._offsets is None:
            return start, end
        if end <= start:
            return self._offsets[start], self._offsets[start]
        return self._offsets[start], self._offsets[end - 1] + 1


def lexicon_tokens(model_text: str) -> list[str]:
    """Words of a model-view text, accent-folded and with leetspeak undone.

    Digits inside words are read as letters ("1d10t" → "idiot"); pure numbers stay numbers.
    """
    folded = fold_accents(model_text)
    if "’" in folded:
        # Done on the whole text, as on each word before: both quotes are word characters,
        # and both are stripped from a word's edges.
        folded = folded.replace("’", "'")
    tokens = []
    for raw in WORD_RE.findall(folded):
        if raw.isalpha():  # most words: nothing to strip or undo
            tokens.append(raw)
            continue
        token = raw.strip(_EDGE_CHARS)
        if not token or token == MENTION_PLACEHOLDER:
            continue
        if not token.isalpha() and not token.isdigit():
            token = token.translate(LEET_TABLE)
        tokens.append(token)
    return tokens
