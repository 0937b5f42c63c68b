"""How much a handle or display name looks like a protected one, and why, in words.

Both sides are folded to skeletons first (`confusables.skeleton`); then, strongest first: the
same skeleton (look-alike characters), a protected name with affixes such as 'support',
'official' or a country code, one edit away, two edits away, or containing it.
"""

from __future__ import annotations

import re

from socialgov.engine.detectors.confusables import compact, edit_distance, skeleton

# Display names are not unique: one edit from a short one ('Rachel', 'Rachele') is a namesake.
NAME_EDIT_MIN = 8

_AFFIX_WORDS = """
official officiel officieel real the its real team hq news info support help helpdesk helpline
care customercare customerservice customer service services klantenservice klantendienst
serviceclient aide hulp contact app inc corp group global intl international online live tv
media press pr promo promos promotions giveaway giveaways deals offers verify verified
security secure account accounts admin login refund refunds claims rewards bonus crypto
wallet ceo cfo cto office desk center centre store shop
nl be fr de uk us usa eu es it lu ch at ie ca au in jp br mx pl pt se dk fi no
belgie belgique belgium nederland france vlaanderen wallonie brussel bruxelles
"""
AFFIXES = frozenset(skeleton(word) for word in _AFFIX_WORDS.split())
_BY_LENGTH = sorted(AFFIXES, key=lambda affix: (-len(affix), affix))
# Longest first, so 'support' wins over 'pt'; suffixes are matched on the reversed name.
_AFFIX_AT_START = re.compile("|".join(map(re.escape, _BY_LENGTH)))
_AFFIX_STARTS = frozenset(affix[:2] for affix in AFFIXES)
_AFFIX_ENDS = frozenset(affix[-2:] for affix in AFFIXES)
_AFFIX_AT_END = re.compile("|".join(re.escape(affix[::-1]) for affix in _BY_LENGTH))

_SEPARATORS = re.compile(r"[\W_]+", re.UNICODE)

# Titles and roles people put around their name, in en/nl/fr: 'Dr. Piet Jansen', 'Jansen Piet
# (CEO)', 'Prof. ir. Marie Dubois'. A copy that adds, drops or reorders them is the same name.
_TITLE_WORDS = """
dr drs dhr mr mrs ms mx miss sir dame prof professor ir ing ingenieur mevrouw mevr mw meneer
heer m mme madame mademoiselle mlle monsieur mgr me maitre ceo cfo cto coo cmo cio cso md phd
msc mba ba ma bsc llm jr sr president voorzitter directeur director chair chairman chairwoman
founder cofounder oprichter fondateur fondatrice
"""
TITLES = frozenset(skeleton(word) for word in _TITLE_WORDS.split())


def plain(name: str) -> str:
    return _SEPARATORS.sub("", name.casefold())


def person_key(name: str) -> str:
    """A display name without titles, its words folded and sorted: 'Dr. Piet Jansen' and
    'Jansen Piet, CEO' give the same key. Empty unless two words or more are left.

    Words are split on spaces only (a C-speed split: this runs for every candidate); the
    punctuation around them folds away, and what folds to one letter (initials, '|') is dropped.
    """
    parts = name[:200].split()
    if len(parts) < 2:
        return ""
    kept = sorted(
        folded for folded in map(skeleton, parts) if len(folded) >= 2 and folded not in TITLES
    )
    if len(kept) < 2 or len(kept) > 5:
        return ""
    return " ".join(kept)


def strip_affixes(folded: str) -> list[tuple[str, list[str]]]:
    """Each stage of removing known affix words from the ends of a folded name.

    'acmebanknlsupport' gives [('acmebanknl', ['support']), ('acmebank', ['support', 'nl'])],
    so a protected 'acmebanknl' and a protected 'acmebank' are both recognised.
    """
    stages: list[tuple[str, list[str]]] = []
    removed: list[str] = []
    core = folded
    while len(removed) < 4:
        # Most names neither start nor end like an affix: two set lookups spare the regexes.
        at_end = _AFFIX_AT_END.match(core[::-1]) if core[-2:] in _AFFIX_ENDS else None
        suffix = at_end.group(0)[::-1] if at_end else ""
        at_start = _AFFIX_AT_START.match(core) if core[:2] in _AFFIX_STARTS else None
        prefix = at_start.group(0) if at_start else ""
        # The longer affix goes first: 'real'+'jshammie' before a chance 'ie' at the end.
        if suffix and len(suffix) >= len(prefix) and len(core) - len(suffix) >= 3:
            affix, core = suffix, core[: -len(suffix)]
        elif prefix and len(core) - len(prefix) >= 3:
            affix, core = prefix, core[len(prefix) :]
        else:
            break
        removed = [*removed, affix]
        stages.append((core, removed))
    return stages


def name_evidence(
    raw: str, folded: str, protected_raw: str, protected_folded: str, what: str
) -> tuple[float, str]:
    """How strongly a handle or display name imitates a protected one, and why."""
    length = len(protected_folded)
    if len(folded) < 3 or length < 3:
        return 0.0, ""
    if folded == protected_folded:
        if raw.casefold() == protected_raw.casefold():
            return 0.6, f"same {what} '{raw}'"
        if plain(raw) == plain(protected_raw):
            return 0.8, f"{what} '{raw}' is '{protected_raw}' with other case or separators"
        return 0.9, f"{what} '{raw}' reads as '{protected_raw}' (look-alike characters)"
    # In a display name an affix is a word of its own ('Acme Support', not 'Acmesupport').
    words = {skeleton(word) for word in _SEPARATORS.split(raw)} if what != "handle" else None
    misspelt: tuple[str, list[str]] | None = None
    for core, affixes in strip_affixes(folded):
        if words is not None and not all(affix in words for affix in affixes):
            continue
        if min(map(len, affixes)) <= 2 and length < 5:
            continue  # 'sam'+'it' is a name, not a country page
        if core == protected_folded and length >= 4:
            joined = "+".join(affixes)
            return 0.85, f"{what} '{raw}' is '{protected_raw}' with '{joined}' added"
        if length >= 5 and misspelt is None and edit_distance(core, protected_folded, limit=1) == 1:
            misspelt = (core, affixes)
    distance = edit_distance(folded, protected_folded, limit=2)
    if distance > 1:
        distance = min(distance, edit_distance(compact(folded), compact(protected_folded), limit=2))
    if what != "handle" and length < NAME_EDIT_MIN:
        return 0.0, ""
    if distance == 1 and length >= 5:
        return (0.75 if length >= 6 else 0.6), f"{what} '{raw}' is one edit from '{protected_raw}'"
    if misspelt is not None:
        joined = "+".join(misspelt[1])
        strength = 0.7 if min(map(len, misspelt[1])) >= 3 else 0.5
        return strength, f"{what} '{raw}' is '{protected_raw}' misspelt, with '{joined}'"
    if distance == 2 and length >= 8:
        # Too common to carry a match (and the index does not look for it): it only adds.
        return 0.25, f"{what} '{raw}' is two edits from '{protected_raw}'"
    if distance == 1 and length == 4:
        return 0.35, f"{what} '{raw}' is one edit from '{protected_raw}'"
    if length >= 4 and protected_folded in folded:
        return 0.35, f"{what} '{raw}' contains '{protected_raw}'"
    return 0.0, ""
