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


# Keys are also known by their first and last EDGE characters: a letter deleted elsewhere
# leaves those.
EDGE = 5


def variants(
    folded: str,
    shortest_protected: int,
    *,
    affixes: bool = True,
    edges: tuple[frozenset[str], frozenset[str]] | None = None,
) -> tuple[set[str], set[str]]:
    """A folded name with its cores without affixes; and those with one letter deleted.

    Deleting a letter only helps words at least as long as the shortest protected name that
    one-edit evidence applies to: a shorter word can only match as it is. With `edges` (the
    keys' first and last EDGE characters, `NameKeys.edges`), a deletion that keeps a beginning
    or an end no key has is left out, as it cannot be a key: the variants that can be found are
    the same, for a fraction of the work.
    """
    # Affix evidence needs a protected name of four letters or more.
    words = {folded}
    if affixes:
        words.update(core for core, _ in strip_affixes(folded) if len(core) >= 4)
    variants = set(words)
    for word in words:
        if len(word) >= shortest_protected:
            variants.update(_deleted(word, edges))
    short = compact(folded)
    if short != folded:
        # One edit on an 'm' or a 'w' is one edit in the compact form (see `compact`).
        variants.add(short)
        variants.update(_deleted(short, edges))
    return words, variants


def _deleted(word: str, edges: tuple[frozenset[str], frozenset[str]] | None) -> list[str]:
    """The word with one letter deleted, each way that can give a key."""
    size = len(word)
    if edges is None:
        return [word[:i] + word[i + 1 :] for i in range(size)]
    # Deleting at i keeps the first EDGE letters when i >= EDGE, the last when i < size - EDGE.
    first = size if word[:EDGE] in edges[0] else min(EDGE, size)
    last = 0 if word[-EDGE:] in edges[1] else max(0, size - EDGE)
    return [word[:i] + word[i + 1 :] for i in range(last, first)]


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
        self.edges: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())

    def add(self, key: str, number: int) -> None:
        self.owners[key].add(number)

    def freeze(self) -> None:
        self.keys = frozenset(self.owners)
        self.edges = (
            frozenset(key[:EDGE] for key in self.keys),
            frozenset(key[-EDGE:] for key in self.keys),
        )

    def collect(self, probes: set[str], found: set[int]) -> None:
        for key in probes.intersection(self.keys):
            found |= self.owners[key]
