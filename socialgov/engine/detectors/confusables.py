"""Folding names to a 'skeleton' so look-alikes compare equal: 'PаypaI_0fficial' → 'paypalofflclal'.

Characters of other scripts that look like Latin letters or digits come from the Unicode
confusables data (UTS #39) as the `confusable_homoglyphs` package ships it, read once at import.
That data is case-sensitive ('κ' looks like a small capital, not like 'k'), and handles are not,
so a short supplement adds the lower-case readings it leaves out: small capitals, letters with a
stroke that NFKD does not take apart, ligatures. NFKD folds accents, full-width and mathematical
letters. Then digits and symbols used as letters (0/o, 1/l, 3/e, 4/a, 5/s, 7/t, 8/b, $/s, @/a)
and letters that read as a pair (m is written rn, w is written vv). 'i' and 'l' fold together
because a capital I and a small l are the same glyph in most fonts. The skeleton is for
comparing, never for showing: it loses information on purpose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# What UTS #39 does not say because it compares case-sensitively, or because the letters
# differ by a stroke: how a lower-case handle reads them.
_SUPPLEMENT = {
    "κ": "k", "τ": "t", "γ": "y", "η": "n", "μ": "u", "σ": "o", "ς": "c", "υ": "u", "ω": "w",
    "к": "k", "т": "t", "м": "m", "н": "h", "в": "b", "ь": "b", "и": "u", "п": "n", "л": "n",
    "г": "r", "ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŀ": "l", "ɒ": "o", "ʀ": "r", "ʏ": "y",
    "ɴ": "n", "ᴀ": "a", "ʙ": "b", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j",
    "ᴋ": "k", "ʟ": "l", "ᴍ": "m", "ᴘ": "p", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ᴢ": "z",
    "æ": "ae", "œ": "oe", "ß": "ss", "þ": "p",
}  # fmt: skip

# Applied after the letters above, to ASCII: digits and symbols used as letters, and i/l.
_SWAPS = {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "$": "s",
          "@": "a", "|": "l", "!": "l", "i": "l"}  # fmt: skip


def unicode_lookalikes() -> dict[str, str]:
    """Non-ASCII characters → the ASCII letter or digit the Unicode confusables data names."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[str, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        latin = [
            glyph["c"]
            for glyph in glyphs
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum()
        ]
        if latin:
            # A letter reading beats a digit one ('О' is 'O' before it is '0').
            table[char] = min(latin, key=lambda c: (c.isdigit(), c.isupper(), c)).lower()
    return table


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


def skeleton_with(lookalikes: dict[str, str]) -> Callable[[str], str]:
    """A skeleton function for a table of look-alike characters (the bench compares tables)."""
    table = str.maketrans(lookalikes)

    @lru_cache(maxsize=65_536)
    def unicode_skeleton(text: str) -> str:
        # Look-alikes first: NFKD would take 'й' apart before the table could read it.
        folded = text.translate(table).casefold().translate(table)
        folded = unicodedata.normalize("NFKD", folded).translate(_COMBINING)
        folded = folded.translate(table).translate(_SWAP_TABLE)
        return _pairs(_NOT_WORD.sub("", folded))

    def fold(text: str) -> str:
        """The folded form of a handle, name or domain label: lower-case letters and digits."""
        if text.isascii():
            return _pairs(text.lower().translate(_ASCII_DROP).translate(_SWAP_TABLE))
        return unicode_skeleton(text[:200])

    return fold


LOOKALIKES = {**unicode_lookalikes(), **_SUPPLEMENT}
skeleton = skeleton_with(LOOKALIKES)


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
