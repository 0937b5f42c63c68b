"""Impersonation evidence beyond the names: copied avatars, look-alike links, young accounts,
and a distinctive display name copied by a newer, smaller, unverified account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from socialgov.engine.detectors.confusables import edit_distance, skeleton
from socialgov.engine.detectors.name_keys import BIO_WORD
from socialgov.engine.detectors.phash import hash_distance
from socialgov.engine.detectors.profiles import ImpersonationSettings, Profile
from socialgov.engine.detectors.text import link_domain, registered_domain

# A resized, re-compressed copy of an avatar stays within a few bits of its 64-bit pHash
# (95% within 2, all within 8 in bench/detectors/impersonation.py); different images are 18+.
AVATAR_COPY_BITS = 8

Evidence = list[tuple[float, str]]  # strength in [0, 1] and the reason, in the order found


@dataclass
class Protected:
    profile: Profile
    handle: str
    name: str
    domain: str
    bio_pairs: set[str]
    person: str = ""  # the display name without titles, words sorted (names.person_key)


def is_young(candidate: Profile, now: datetime, days: int) -> bool:
    if candidate.created_at is None:
        return False
    return 0 <= (now - candidate.created_at).days < days


def domain_skeleton(url: str) -> str:
    """The folded first label of a link's registrable domain ('acme-bank.be' → 'acmebank')."""
    if not url:
        return ""
    return skeleton(registered_domain(link_domain(url)).split(".")[0])


def avatar_evidence(candidate: Profile, protected: Protected, evidence: Evidence) -> None:
    if candidate.avatar_hash is None or protected.profile.avatar_hash is None:
        return
    distance = hash_distance(candidate.avatar_hash, protected.profile.avatar_hash)
    if distance <= AVATAR_COPY_BITS:  # the index finds every hash this close
        strength = 0.85 if distance <= 4 else 0.7
        evidence.append(
            (strength, f"avatar looks copied (perceptual hash {distance}/64 bits apart)")
        )


def context_evidence(
    candidate: Profile,
    protected: Protected,
    now: datetime,
    settings: ImpersonationSettings,
    evidence: Evidence,
) -> None:
    """What strengthens an identity match already found: a look-alike link, a young account."""
    domain = domain_skeleton(candidate.url)
    lookalike_domain = edit_distance(domain, protected.domain, limit=1) <= 1 or (
        protected.domain in domain and len(protected.domain) >= 4
    )
    if candidate.url and domain and protected.domain not in ("", domain) and lookalike_domain:
        evidence.append((0.5, f"links to look-alike domain {link_domain(candidate.url)}"))
    if is_young(candidate, now, settings.new_account_days):
        assert candidate.created_at is not None
        age = (now - candidate.created_at).days
        evidence.append((0.2, f"account created {age} days ago"))


def name_copy_context(
    candidate: Profile,
    protected: Protected,
    copy: float,
    now: datetime,
    settings: ImpersonationSettings,
) -> tuple[float, str] | None:
    """A copied display name under an unrelated handle, weighed with what the profile says.

    The name alone proves little (namesakes exist), but a name copied by an unverified account
    that is newer and smaller than the genuine one is how impersonators work. `copy` is how
    exactly the name is copied (1 the same name, less for one edit). Each sign counts points:
    how distinctive the name is (a long or three-word name 2, two words or eight letters 1, one
    shorter word 0 or −1), account age (weeks old 2, under two years and newer than the genuine
    one 1, older −3), followers (under 50 or a tenth of the genuine audience 2, fewer 1, as many
    or more −3) and a verified genuine account the copy is not (1). Unknown counts nothing.
    """
    genuine = protected.profile
    if candidate.verified or copy <= 0:
        return None
    signs: list[str] = []
    points = _distinctive_points(genuine.display_name, protected.name)
    points += _age_points(candidate, genuine, now, settings, signs)
    points += _follower_points(candidate, genuine, signs)
    if genuine.verified:
        points += 1
        signs.append("unverified")
    if points < 3 or not signs:
        return None
    strength = {3: 0.6, 4: 0.7}.get(points, 0.8) * copy
    return strength, f"copies the display name; the account is {', '.join(signs)}"


def _distinctive_points(display_name: str, folded: str) -> int:
    """How few people carry this name: 'Kenneth J. McCormick' few, 'Maria' many."""
    words = [word for word in BIO_WORD.findall(display_name) if len(word) >= 2]
    length = len(folded)
    if length >= 12 or (len(words) >= 3 and length >= 10):
        return 2
    if length >= 8 or (length >= 6 and len(words) >= 2):
        return 1
    return 0 if length >= 6 else -1


def _age_points(
    candidate: Profile,
    genuine: Profile,
    now: datetime,
    settings: ImpersonationSettings,
    signs: list[str],
) -> int:
    if candidate.created_at is None:
        return 0
    if is_young(candidate, now, settings.new_account_days):
        signs.append("weeks old")
        return 2
    # Impersonators are short-lived: an account with years behind it is an established namesake.
    older = genuine.created_at is not None and candidate.created_at <= genuine.created_at
    if is_young(candidate, now, 2 * 365) and not older:
        signs.append("newer than the genuine account")
        return 1
    return -3


def _follower_points(candidate: Profile, genuine: Profile, signs: list[str]) -> int:
    if candidate.followers is None:
        return 0
    audience = genuine.followers
    if candidate.followers < 50 or (audience is not None and candidate.followers * 10 < audience):
        signs.append(f"with {candidate.followers} followers")
        return 2
    if audience is not None and candidate.followers < audience:
        signs.append("with fewer followers than the genuine account")
        return 1
    return -3 if audience is not None else 0
