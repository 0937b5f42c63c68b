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
from socialgov.engine.reasons import Reason

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
        text = f"avatar looks copied (perceptual hash {distance}/64 bits apart)"
        evidence.append((strength, Reason("impersonation.avatar", text, bits=distance)))


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
        host = link_domain(candidate.url)
        text = f"links to look-alike domain {host}"
        evidence.append((0.5, Reason("impersonation.domain", text, domain=host)))
    if is_young(candidate, now, settings.new_account_days):
        assert candidate.created_at is not None
        age = (now - candidate.created_at).days
        text = f"account created {age} days ago"
        evidence.append((0.2, Reason("impersonation.young", text, days=age)))


def name_copy_context(
    candidate: Profile,
    protected: Protected,
    name: str,
    now: datetime,
    settings: ImpersonationSettings,
) -> tuple[float, str] | None:
    """A copied display name under an unrelated handle: the name alone proves little (namesakes
    exist), but a distinctive name copied by an unverified account that is newer and smaller
    than the genuine one is how impersonators work; an account that is also only weeks old
    weighs more (through the separate new-account evidence)."""
    genuine = protected.profile
    words = [word for word in BIO_WORD.findall(genuine.display_name) if len(word) >= 2]
    distinctive = len(protected.name) >= 8 or (len(protected.name) >= 6 and len(words) >= 2)
    if name != protected.name or not distinctive or candidate.verified:
        return None
    # Impersonators are short-lived: an account with years behind it is an established namesake.
    newer = is_young(candidate, now, settings.new_account_days) or (
        is_young(candidate, now, 2 * 365)
        and genuine.created_at is not None
        and candidate.created_at is not None
        and candidate.created_at > genuine.created_at
    )
    # Under 50 followers is an empty new account, also when the genuine audience is not known
    # (the register does not always know it).
    smaller = candidate.followers is not None and candidate.followers < max(
        genuine.followers or 0, 50
    )
    if not (newer and smaller):
        return None
    lesser = "newer and with fewer followers than the genuine account"
    if genuine.verified:
        text = f"copies the display name, unverified, {lesser}"
        return 0.65, Reason("impersonation.name_copy_unverified", text)
    return 0.55, Reason("impersonation.name_copy", f"copies the display name, {lesser}")
