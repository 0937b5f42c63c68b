"""Word lists matched against lexicon tokens (see `normalise.lexicon_tokens`).

Entries are accent-folded and lower case and always match whole words: a substring never
matches inside another word, in any language ("medewerker" is not "merde", "Dickens" is not
"dick"). `word*` matches `word` with an inflectional ending from `ENDINGS` ("idiots",
"fucking", "connasses"); a stem of seven letters or more also takes any ending, since a stem
that long is a word family of its own ("frustrat*", "medewerker*"). An entry with spaces
matches consecutive words. A token that still holds a `*` (a censored word such as "f*ck")
matches a same-length entry with any letter in place of each star.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

from .normalise import fold_accents

LEXICON_DIR = Path(__file__).parent / "lexicons"
_MEMO_LIMIT = 200_000
# Endings a short stem may take, in en/nl/fr/de. Anything else makes a different word
# ("cock" → "cockpit", "beau" → "beaucoup", "dick" → "dickens"), which must not match.
ENDINGS = frozenset(
    [
        "s",
        "es",
        "e",
        "en",
        "er",
        "ers",
        "ed",
        "d",
        "ing",
        "ings",
        "in",
        "y",
        "ies",
        "ie",
        "ied",
        "ly",
        "ish",
        "ic",
        "ique",
        "isch",
        "ische",
        "n",
        "t",
        "te",
        "ten",
        "de",
        "den",
        "st",
        "ste",
        "je",
        "jes",
        "tje",
        "tjes",
        "ig",
        "ige",
        "heid",
        "ness",
        "ful",
        "less",
        "able",
        "ment",
        "ments",
        "ement",
        "ation",
        "ations",
        "ion",
        "ions",
        "x",
        "eux",
        "euse",
        "euses",
        "se",
        "ses",
        "le",
        "les",
        "lle",
        "lles",
        "ee",
        "ees",
        "ez",
        "ent",
        "ons",
        "ant",
        "ante",
        "ants",
        "r",
        "erd",
        "ung",
        "ungen",
        "innen",
        "ge",
        "gs",
        "ged",
        "ging",
        "ter",
        "ure",
        "ures",
        "ance",
        "atic",
        "atique",
        "atisch",
        "ism",
        "isme",
        "ist",
        "iste",
    ]
)
_FREE_STEM = 7
# Short words a run-together token may start with ("ichhasse", "jesuisnul"): only these are
# split off, so a longer word is never read inside another one.
_HEADS = (
    "ich", "du", "ihr", "so", "sie", "je", "tu", "jij", "ik", "you", "ur", "ge", "wat", "what",
    "quel", "quelle", "was", "voll", "fucking", "vieux", "vieille", "sale", "stupid", "dumb",
)  # fmt: skip
# Only heads that start with a token's first letter can start it; each letter's in list order.
_HEADS_BY_LETTER: dict[str, tuple[str, ...]] = {
    letter: tuple(h for h in _HEADS if h[0] == letter) for letter in {h[0] for h in _HEADS}
}
_FUZZY_MIN = 6
# What a token means in the lexicons of a group looked up together: for each lexicon where it
# is a word or starts a phrase, (its index, the word's entry and categories, the phrases); None
# where it means nothing in any of them (most tokens). One dict get serves the whole group.
_Phrases = list[tuple[tuple[str, ...], tuple[str, ...]]]
_GroupAnswer = (
    tuple[tuple[int, tuple[str, tuple[str, ...]] | None, dict[str, _Phrases] | None], ...] | None
)
_UNSEEN: _GroupAnswer = ((-1, None, None),)  # a memo miss (None is an answer)


class LexiconHit(NamedTuple):
    """A tuple, not a dataclass: posts make millions of them and a tuple is made faster."""

    entry: str
    category: str
    first: int  # token index
    last: int  # token index, inclusive


class Lexicon:
    """Entries by category; with `fuzzy`, words of five letters or more also match with one
    letter dropped or two neighbouring letters swapped ("umbringn", "Flüchlinge")."""

    def __init__(
        self, entries: Iterable[tuple[str, str]], *, fuzzy: bool = False, compounds: bool = False
    ) -> None:
        self.compounds = compounds
        self.words: dict[str, tuple[str, ...]] = {}
        self.prefixes: dict[str, tuple[str, ...]] = {}
        self.phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
        for raw, category in entries:
            entry = fold_accents(raw.strip().lower())
            if not entry:
                continue
            if " " in entry:
                key = tuple(entry.split())
                self.phrases[key] = _add(self.phrases.get(key), category)
            elif entry.endswith("*"):
                self.prefixes[entry[:-1]] = _add(self.prefixes.get(entry[:-1]), category)
            else:
                self.words[entry] = _add(self.words.get(entry), category)
        self._fuzzy_words: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._fuzzy_prefixes: dict[str, tuple[str, tuple[str, ...]]] = {}
        if fuzzy:
            # Only long words: one letter off a short word is often another real word
            # ("merde" → "mede", the Dutch for "co-").
            for word, categories in self.words.items():
                if len(word) < _FUZZY_MIN:
                    continue
                for variant in _variants(word):
                    self._fuzzy_words.setdefault(variant, (word, categories))
            for prefix, categories in self.prefixes.items():
                if len(prefix) < _FUZZY_MIN:
                    continue
                for variant in _variants(prefix):
                    self._fuzzy_prefixes.setdefault(variant, (prefix + "*", categories))
        # Prefix entries by their first three letters, longest first: one dict get rules out
        # most words.
        self._prefix_index = _index_by_head(
            {p: (p + "*", c) for p, c in self.prefixes.items()}
            | {v: r for v, r in self._fuzzy_prefixes.items() if v not in self.prefixes}
        )
        self._phrases_by_start: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for phrase, categories in self.phrases.items():
            self._phrases_by_start.setdefault(phrase[0], []).append((phrase, categories))
        # The same by first and second word: "a", "is", "de" start many phrases.
        self._phrases_by_pair: dict[str, dict[str, _Phrases]] = {}
        for first, starting in self._phrases_by_start.items():
            by_second = self._phrases_by_pair.setdefault(first, {})
            for phrase, categories in starting:
                by_second.setdefault(phrase[1], []).append((phrase, categories))
        # Words repeat a lot (Zipf); remembering each word's answer makes lookups one dict get.
        # Keyed by the lexicons looked up together with this one (see `find_in`).
        self._memos: dict[tuple[Lexicon, ...], dict[str, _GroupAnswer]] = {}
        self._phrase_start_set = frozenset(self._phrases_by_start)
        self._by_length: dict[int, list[str]] = {}
        for word in self.words:
            self._by_length.setdefault(len(word), []).append(word)

    def _word_category(self, token: str) -> tuple[str, tuple[str, ...]] | None:
        categories = self.words.get(token)
        if categories is not None:
            return token, categories
        for prefix, result in self._prefix_index.get(token[:3], ()):
            if token.startswith(prefix) and stem_takes(prefix, token[len(prefix) :]):
                return result
        if len(token) >= _FUZZY_MIN - 1 and self._fuzzy_words:
            fuzzy = self._fuzzy_words.get(token)
            if fuzzy is not None:
                return fuzzy
        if self.compounds and len(token) >= 7:
            found = self._after_head(token)
            if found is not None:
                return found
        if "*" in token and len(token) > 2:
            return self._censored(token)
        return None

    def _after_head(self, token: str) -> tuple[str, tuple[str, ...]] | None:
        """Words run together after a short pronoun or intensifier ("ichhasse",
        "sovolltrottel" is not split: only one head is taken off)."""
        for head in _HEADS_BY_LETTER.get(token[:1], ()):
            rest = token[len(head) :]
            if token.startswith(head) and len(rest) >= 4:
                categories = self.words.get(rest)
                if categories is not None:
                    return rest, categories
                for prefix, result in self._prefix_index.get(rest[:3], ()):
                    if rest.startswith(prefix) and stem_takes(prefix, rest[len(prefix) :]):
                        return result
        return None

    def _censored(self, token: str) -> tuple[str, tuple[str, ...]] | None:
        pattern = _wildcard(token)
        for word in self._by_length.get(len(token), ()):
            if pattern.fullmatch(word):
                return word, self.words[word]
        for prefix, categories in self.prefixes.items():
            head = token[: len(prefix)]
            if (
                len(prefix) >= 3
                and len(head) == len(prefix)
                and _wildcard(head).fullmatch(prefix)
                and stem_takes(prefix, token[len(prefix) :])
            ):
                return prefix + "*", categories
        return None

    def find(self, tokens: list[str]) -> list[LexiconHit]:
        return find_in(tokens, (self,))[0]


def _group_answer(lexicons: tuple[Lexicon, ...], token: str) -> _GroupAnswer:
    answers = tuple(
        (k, found, lexicon._phrases_by_pair.get(token))
        for k, lexicon in enumerate(lexicons)
        if (found := lexicon._word_category(token)) is not None
        or token in lexicon._phrases_by_start
    )
    return answers or None


def find_in(tokens: list[str], lexicons: tuple[Lexicon, ...]) -> list[list[LexiconHit]]:
    """Each lexicon's hits in `tokens`, in token order (a phrase before the words it starts
    with), from one pass over the tokens for all of them."""
    others = lexicons[1:]
    memo = lexicons[0]._memos.get(others)
    if memo is None or len(memo) > _MEMO_LIMIT:
        memo = lexicons[0]._memos[others] = {}
    words: list[list[LexiconHit]] = [[] for _ in lexicons]
    phrases: list[list[LexiconHit]] | None = None
    for i, token in enumerate(tokens):
        answers = memo.get(token, _UNSEEN)
        if answers is _UNSEEN:
            answers = memo[token] = _group_answer(lexicons, token)
        if answers is None:
            continue
        for k, found, starting in answers:
            if starting is not None and i + 1 < len(tokens):
                for phrase, categories in starting.get(tokens[i + 1], ()):
                    if tuple(tokens[i : i + len(phrase)]) == phrase:
                        if phrases is None:
                            phrases = [[] for _ in lexicons]
                        entry, end = " ".join(phrase), i + len(phrase) - 1
                        for category in categories:
                            phrases[k].append(LexiconHit(entry, category, i, end))
            if found is not None:
                entry, categories = found
                for category in categories:
                    words[k].append(LexiconHit(entry, category, i, i))
    if phrases is None:
        return words
    # Stable: a phrase comes before the hits of the word it starts with.
    return [
        sorted(p + w, key=lambda hit: hit.first) if p else w
        for p, w in zip(phrases, words, strict=True)
    ]


def stem_takes(stem: str, ending: str) -> bool:
    """Whether `stem + ending` is a form of the stem rather than another word."""
    return not ending or ending in ENDINGS or len(stem) >= _FREE_STEM


@cache
def _wildcard(token: str) -> re.Pattern[str]:
    return re.compile(re.escape(token).replace(r"\*", "[a-z]"))


def _index_by_head(
    entries: dict[str, tuple[str, tuple[str, ...]]],
) -> dict[str, list[tuple[str, tuple[str, tuple[str, ...]]]]]:
    index: dict[str, list[tuple[str, tuple[str, tuple[str, ...]]]]] = {}
    for prefix in sorted(entries, key=lambda p: (-len(p), p)):
        index.setdefault(prefix[:3], []).append((prefix, entries[prefix]))
    return index


def _variants(word: str) -> set[str]:
    if len(word) < 5 or " " in word:
        return set()
    deletions = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    swaps = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    return (deletions | swaps) - {word}


def _add(existing: tuple[str, ...] | None, category: str) -> tuple[str, ...]:
    if existing is None:
        return (category,)
    return existing if category in existing else (*existing, category)


def _read(name: str) -> dict[str, object]:
    data = json.loads((LEXICON_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@cache
def lexicon_from_file(
    name: str, sections: tuple[str, ...], fuzzy: bool = False, compounds: bool = False
) -> Lexicon:
    """A lexicon of the named sections (each `{language: [entries]}`) of a JSON file."""
    data = _read(name)
    entries: list[tuple[str, str]] = []
    for section in sections:
        by_language = data[section]
        assert isinstance(by_language, dict)
        for words in by_language.values():
            entries.extend((word, section) for word in words)
    return Lexicon(entries, fuzzy=fuzzy, compounds=compounds)


@cache
def symbol_set(name: str, section: str) -> frozenset[str]:
    values = _read(name)[section]
    assert isinstance(values, list)
    return frozenset(str(v) for v in values)
