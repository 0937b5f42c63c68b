"""Folding names to a 'skeleton' so look-alikes compare equal: 'PаypaI_0fficial' → 'paypalofflclal'.

The table is the project's own, limited to characters seen in handle and display-name spoofing:
Cyrillic, Greek, Armenian and small-capital letters that look Latin, accents, full-width and
mathematical letters (via NFKD), digit and symbol swaps (0/o, 1/l, 3/e, 4/a, 5/s, 7/t, 8/b, $/s,
@/a) and letters that read as a pair (m is written rn, w is written vv). 'i' and 'l' fold
together because a capital I and a small l are the same glyph in most fonts. The skeleton is
for comparing, never for showing: it loses information on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LOOKALIKES = {
    # Cyrillic
    "а": "a", "б": "b", "в": "b", "г": "r", "д": "d", "е": "e", "ё": "e", "з": "3", "и": "u",
    "к": "k", "л": "n", "м": "m", "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t",
    "у": "y", "х": "x", "ц": "u", "ч": "4", "ш": "w", "ь": "b", "ѕ": "s", "і": "i", "ї": "i",
    "ј": "j", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "һ": "h", "ӏ": "l", "ɡ": "g", "ԍ": "g",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u",
    "ν": "v", "ο": "o", "ρ": "p", "σ": "o", "ς": "c", "τ": "t", "υ": "u", "χ": "x", "ω": "w",
    # Armenian
    "օ": "o", "ս": "u", "հ": "h", "ո": "n", "ց": "g", "ք": "p",
    # Latin look-alikes and small capitals
    "ı": "i", "ȷ": "j", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ɑ": "a", "ɒ": "o",
    "ɩ": "i", "ʀ": "r", "ʏ": "y", "ɴ": "n", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d", "ᴇ": "e",
    "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ᴏ": "o", "ᴘ": "p",
    "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z", "æ": "ae", "œ": "oe",
    "ß": "ss", "þ": "p",
}  # fmt: skip

# Applied after the letters above, to ASCII: digits and symbols used as letters, and i/l.
_SWAPS = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s",
          "@": "a", "|": "l", "!": "l", "i": "l"}  # fmt: skip

_LOOKALIKE_TABLE = str.maketrans({k: v for k, v in _LOOKALIKES.items()})
_SWAP_TABLE = str.maketrans(_SWAPS)
_ASCII_DROP = str.maketrans(
    "", "", "".join(chr(c) for c in range(128) if not chr(c).isalnum() and chr(c) not in _SWAPS)
)
_COMBINING = dict.fromkeys(
    c
    for block in ((0x300, 0x370), (0x1AB0, 0x1B00), (0x1DC0, 0x1E00), (0x20D0, 0x2100))
    for c in range(*block)
)
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _pairs(text: str) -> str:
    # Expanding m to rn (not folding rn to m) keeps 'solar'+'nl' apart from 'solam'+'l'.
    if "m" in text:
        text = text.replace("m", "rn")
    if "w" in text:
        text = text.replace("w", "vv")
    return text


def skeleton(text: str) -> str:
    """The folded form of a handle, name or domain label: lower-case letters and digits only."""
    if text.isascii():
        return _pairs(text.lower().translate(_ASCII_DROP).translate(_SWAP_TABLE))
    return _skeleton_unicode(text[:200])


@lru_cache(maxsize=65_536)
def _skeleton_unicode(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).translate(_COMBINING).casefold()
    folded = folded.translate(_LOOKALIKE_TABLE).translate(_SWAP_TABLE)
    return _pairs(_NOT_WORD.sub("", folded))


def compact(folded: str) -> str:
    """A skeleton with 'rn' and 'vv' written as 'm' and 'w' again.

    Edit distances are taken on both forms: in the skeleton a changed 'm' costs two edits, in
    the compact form 'r'+'n' across two words ('solar'+'nl') looks like an 'm'.
    """
    if "rn" in folded:
        folded = folded.replace("rn", "m")
    if "vv" in folded:
        folded = folded.replace("vv", "w")
    return folded


def has_lookalikes(text: str) -> bool:
    """Whether a name uses characters outside plain ASCII letters, digits and separators."""
    return not text.isascii() or any(ch.isdigit() or ch in "$@|!" for ch in text)


def edit_distance(left: str, right: str, *, limit: int = 3) -> int:
    """Optimal string alignment distance (transpositions count 1), capped at `limit + 1`."""
    if abs(len(left) - len(right)) > limit:
        return limit + 1
    if left == right:
        return 0
    previous_previous: list[int] = []
    previous = list(range(len(right) + 1))
    for i, left_char in enumerate(left, start=1):
        current = [i] + [0] * len(right)
        best = current[0]
        for j, right_char in enumerate(right, start=1):
            cost = 0 if left_char == right_char else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if (
                i > 1
                and j > 1
                and left_char == right[j - 2]
                and left[i - 2] == right_char
                and previous_previous
            ):
                value = min(value, previous_previous[j - 2] + 1)
            current[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous_previous, previous = previous, current
    return min(previous[-1], limit + 1)
