"""The register side of the impersonation bench: executives and name copies as they come.

The register knows an executive by first and last name only (no age, audience or avatar), and a
brand's channel by handle and display name; impersonators copy those names with titles added or
dropped, the words the other way round, other case, a look-alike letter or a trailing emoji, and
their accounts are anything from days to a couple of years old, with a few to a few hundred
followers, not always reported. Namesakes, established accounts that carry the same name, are
negatives. Names are drawn from lists written here (common first and last names of Belgium,
the Netherlands, France and the UK); nothing is taken from the issue's check set.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from socialgov.engine.detectors.impersonation import Profile


def _listed(text: str) -> list[str]:
    """Names written as running text, so the lists stay readable."""
    return text.split()


FIRST = _listed(
    """
piet jan luc marc koen wim bart tom geert dirk anne marie sofie els katrien lies an nathalie
isabelle veronique philippe jean pierre michel alain olivier nicolas thomas claire camille
julie sophie emma lucas louis hugo chloe sarah james oliver harry emily charlotte grace
"""
)
LAST = _listed(
    """
jansen peeters janssens maes jacobs mertens willems claes goossens wouters de_smet dubois
lambert dupont martin leroy moreau simon laurent lefebvre michel garcia de_vries van_dijk
bakker visser smit meijer de_boer mulder bos vos smith jones taylor brown wilson evans
vandenberghe verhaegen desmet lemaire"""
)
TITLES_BEFORE = ["Dr.", "Dr", "Prof.", "Prof. dr.", "ir.", "Mr.", "Mevrouw", "Mme", "M.", "Drs."]
TITLES_AFTER = ["CEO", "(CEO)", "- CEO", "PhD", "MBA", "| CFO", ", CTO", "Voorzitter"]
EMOJI = [" ✔", " ✅", " 🇧🇪", " 💼", "™"]
LOOKALIKE_LETTERS = {"a": "а", "e": "е", "o": "о", "i": "і", "c": "с", "p": "р"}


def executives(count: int, rng: random.Random, now: datetime) -> list[Profile]:
    """Protected executives; half known by name only (from the register), half by their
    account with its age and audience."""
    found: dict[str, Profile] = {}
    while len(found) < count:
        first, last = rng.choice(FIRST), rng.choice(LAST).replace("_", " ")
        name = f"{first.title()} {' '.join(part.title() for part in last.split())}"
        handle = f"{first}{last.replace(' ', '')}"[:15]
        if handle in found:
            continue
        known = rng.random() < 0.5
        found[handle] = Profile(
            "twitter",
            handle,
            name,
            created_at=now - timedelta(days=rng.randrange(800, 5000)) if known else None,
            followers=rng.randrange(200, 50_000) if known else None,
            verified=known and rng.random() < 0.5,
        )
    return list(found.values())


def copied_name(name: str, rng: random.Random, *, titles: bool) -> str:
    """How an impersonator writes someone's display name."""
    words = name.split()
    if titles:
        roll = rng.random()
        if roll < 0.35 and len(words) >= 2:
            words = [*words[1:], words[0]]  # 'Jansen Piet'
        if roll > 0.25:
            if rng.random() < 0.5:
                words = [rng.choice(TITLES_BEFORE), *words]
            else:
                words = [*words, rng.choice(TITLES_AFTER)]
        return " ".join(words)
    roll = rng.random()
    if roll < 0.35:
        return name
    if roll < 0.55:
        return name.upper() if rng.random() < 0.5 else name.lower()
    if roll < 0.75:
        positions = [i for i, ch in enumerate(name) if ch.lower() in LOOKALIKE_LETTERS]
        if positions:
            at = rng.choice(positions)
            return name[:at] + LOOKALIKE_LETTERS[name[at].lower()] + name[at + 1 :]
        return name
    return name + rng.choice(EMOJI)


def impersonator_context(rng: random.Random, now: datetime) -> dict[str, object]:
    """Age and audience of an impersonating account: from days to two years old, a few to a
    few hundred followers; one profile in twenty does not report one or the other (the X,
    Mastodon and Bluesky profile APIs report both; scraped or imported profiles may not)."""
    created = now - timedelta(days=rng.choice([rng.randrange(1, 90), rng.randrange(90, 700)]))
    followers = rng.randrange(0, 50) if rng.random() < 0.7 else rng.randrange(50, 400)
    return {
        "created_at": created if rng.random() > 0.05 else None,
        "followers": followers if rng.random() > 0.05 else None,
    }


def namesakes(
    protected: list[Profile], pool: list[Profile], rng: random.Random, now: datetime, count: int
) -> list[Profile]:
    """Established accounts of other people who carry a protected person's name."""
    people = [p for p in protected if len(p.display_name.split()) >= 2]
    found = []
    for _ in range(count):
        target, other = rng.choice(people), rng.choice(pool)
        found.append(
            Profile(
                "twitter",
                other.handle,
                target.display_name
                if rng.random() < 0.7
                else copied_name(target.display_name, rng, titles=True),
                bio=other.bio,
                created_at=now - timedelta(days=rng.randrange(2 * 365 + 30, 5000)),
                followers=other.followers,
            )
        )
    return found
