"""The terms people use most in a set of posts: words, hashtags and mentions, without stop
words, links or numbers.

Stop words are those of the well-kept `stop-words` package for English, Dutch, French and
German (shipped with it, nothing is downloaded), plus the few the detectors already leave out
(`rt`, `amp`, `via`...). A term counts once per post, so one post repeating a word forty times
does not make it a topic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from stop_words import get_stop_words

from socialgov.engine.detectors.text import STOPWORDS, tokens

LANGUAGES = ("english", "dutch", "french", "german")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
MAX_TERM_CHARS = 60


@cache
def stop_words() -> frozenset[str]:
    words = {word.lower() for language in LANGUAGES for word in get_stop_words(language)}
    return frozenset(words | STOPWORDS)


def post_terms(text: str, ignore: frozenset[str] = frozenset()) -> set[str]:
    """The distinct terms of one post: words of three letters or more, hashtags and mentions,
    lower-cased; `ignore` holds terms to leave out (the channel's own handle)."""
    found = set()
    stop = stop_words()
    for token in tokens(_URL.sub(" ", text)):
        token = token.strip("'’")
        bare = token.lstrip("#@")
        if len(bare) < (2 if token[:1] in "#@" else 3) or len(token) > MAX_TERM_CHARS:
            continue
        if token in ignore or bare.isdigit() or (token == bare and token in stop):
            continue
        found.add(token)
    return found


def top_terms(
    texts: Iterable[str], *, limit: int = 15, ignore: Iterable[str] = ()
) -> list[tuple[str, int]]:
    """The `limit` terms found in most posts, with the number of posts; ties alphabetically."""
    ignored = frozenset(term.lower() for term in ignore)
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(post_terms(text, ignored))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
