"""Small text helpers shared by the detectors: tokens, hashtags, mentions, link domains."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_TOKEN = re.compile(r"[#@]?[^\W_][\w'’-]*", re.UNICODE)
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)


def words(text: str) -> frozenset[str]:
    """A word list written as running text, so long lists stay readable."""
    return frozenset(text.split())


# Words so common in English, Dutch and French posts that they never explain a spike or a topic.
STOPWORDS = words(
    """
    a about after again all also am an and any are as at be because been before being but by can
    could did do does doing don't for from get got had has have having he her here him his how i
    i'm if in into is it it's its just me more my no not now of on one or our out over so some
    than that the their them then there these they this to too up us very was we were what when
    where which who why will with would you your rt amp via im dont cant
    de het een en van ik je jij u uw niet dat die dit is zijn was met voor op aan er maar om ook
    als bij nog wel naar dan te al of mijn me wat ze zo hun hem haar wij we ons onze worden door
    le la les un une des du et est en que qui dans pour pas sur au aux ce cette ces il elle ils
    elles nous vous je tu mon ma mes ne se sa son ses leur plus par avec ou mais très c'est j'ai
    """
)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens, hashtags (with '#') and mentions (with '@')."""
    return [match.group(0).lower().strip("'’-") for match in _TOKEN.finditer(text[:5000])]


def content_terms(text: str) -> list[str]:
    """Words and hashtags that can carry a topic: no mentions, stop words, links or numbers."""
    terms = []
    for token in tokens(_URL.sub(" ", text)):
        if token.startswith("@") or token in STOPWORDS or token.isdigit():
            continue
        if token.startswith("#"):
            if len(token) > 2:
                terms.append(token)
        elif len(token) >= 3:
            terms.append(token)
    return terms


def hashtags(text: str) -> list[str]:
    return [token for token in tokens(text) if token.startswith("#") and len(token) > 1]


def mentions(text: str) -> list[str]:
    return [token for token in tokens(text) if token.startswith("@") and len(token) > 1]


def urls_in(text: str) -> list[str]:
    return _URL.findall(text[:5000])


def link_domain(url: str) -> str:
    """The host of a link without 'www.', lower-cased; empty when the link has no host."""
    candidate = url.strip()
    if "://" not in candidate:
        candidate = "http://" + candidate
    try:
        host = urlsplit(candidate).hostname or ""
    except ValueError:
        return ""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def registered_domain(host: str) -> str:
    """A rough registrable domain (last two labels, three for 'co.uk'-style suffixes)."""
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
