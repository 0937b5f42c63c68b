"""The lookup keys of the impersonation index: folded names and their one-edit variants,
bio word pairs, and a key set probed at C speed."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from itertools import pairwise

from socialgov.engine.detectors.confusables import compact
from socialgov.engine.detectors.names import strip_affixes

BIO_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def variants(
    folded: str, shortest_protected: int, *, affixes: bool = True
) -> tuple[set[str], set[str]]:
    """A folded name with its cores without affixes; and those with one letter deleted.

    Deleting a letter only helps words at least as long as the shortest protected name that
    one-edit evidence applies to: a shorter word can only match as it is.
    """
    # Affix evidence needs a protected name of four letters or more.
    words = {folded}
    if affixes:
        words.update(core for core, _ in strip_affixes(folded) if len(core) >= 4)
    variants = set(words)
    for word in words:
        if len(word) >= shortest_protected:
            variants.update([word[:i] + word[i + 1 :] for i in range(len(word))])
    short = compact(folded)
    if short != folded:
        # One edit on an 'm' or a 'w' is one edit in the compact form (see `compact`).
        variants.add(short)
        variants.update([short[:i] + short[i + 1 :] for i in range(len(short))])
    return words, variants


def deletions(word: str) -> Iterator[str]:
    for position in range(len(word)):
        yield word[:position] + word[position + 1 :]


def bio_pairs(bio: str) -> set[str]:
    words = BIO_WORD.findall(bio.lower()[:1000])
    if len(words) < 3:
        return set(words) if len(words) >= 1 and sum(map(len, words)) >= 8 else set()
    return {f"{first} {second}" for first, second in pairwise(words)}


class NameKeys:
    """Folded names → protected identity numbers, with a frozen key set for C-speed probing."""

    def __init__(self) -> None:
        self.owners: dict[str, set[int]] = defaultdict(set)
        self.keys: frozenset[str] = frozenset()

    def add(self, key: str, number: int) -> None:
        self.owners[key].add(number)

    def freeze(self) -> None:
        self.keys = frozenset(self.owners)

    def collect(self, probes: set[str], found: set[int]) -> None:
        for key in probes.intersection(self.keys):
            found |= self.owners[key]
