"""Impersonation: candidate profiles that imitate a protected identity, with the reasons why.

Protected identities are few (hundreds to thousands): the organisation's registered channels, its
brands and the declared accounts of executives and spokespeople. Candidates are many (millions).
`ImpersonationIndex` is built once from the protected side and answers, per candidate, which
protected identities are worth a full comparison, using exact lookups only:

- the folded handle and display name (confusables), their one-deletion variants (edit
  distance 1, including swaps), the same after stripping known affixes, and protected names
  contained in the candidate's handle (only when a link or a young account could lift such
  weak evidence over the threshold);
- nine slices of the avatar hash (any hash within 8 bits shares at least one slice);
- word pairs of the bio that few protected bios share.

Each proposed pair is then scored as a noisy-OR of independent pieces of evidence; declared fan,
parody and tribute accounts are discounted; the genuine accounts themselves are never reported.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from socialgov.engine.detectors.confusables import compact, edit_distance, skeleton
from socialgov.engine.detectors.name_keys import BIO_WORD as _BIO_WORD
from socialgov.engine.detectors.name_keys import NameKeys as _Keys
from socialgov.engine.detectors.name_keys import bio_pairs as _bio_pairs
from socialgov.engine.detectors.name_keys import deletions as _deletions
from socialgov.engine.detectors.name_keys import variants as _variants
from socialgov.engine.detectors.names import NAME_EDIT_MIN, name_evidence
from socialgov.engine.detectors.names import strip_affixes as strip_affixes
from socialgov.engine.detectors.phash import hash_distance, parse_hash
from socialgov.engine.detectors.streams import (
    RecordError,
    number_field,
    optional_timestamp,
    text_field,
)
from socialgov.engine.detectors.text import link_domain, registered_domain

ANY_PLATFORM = "*"
# The strongest display-name evidence the index does not propose on its own: a display name
# that contains the protected one (0.35 at the long-name weight of 0.6). Equal names, affixed
# names and one edit on long names are proposed; the proposal bounds below assume the rest.
_UNPROPOSED_NAME = 0.35 * 0.6

_FAN_MARKERS = re.compile(
    r"\b(fan|fans|fanpage|fanclub|fan\s?account|parody|parodie|satire|satirical|tribute|"
    r"unofficial|non[- ]official|not\s+affiliated|niet\s+officieel|non\s+officiel|"
    r"pas\s+officiel|not\s+the\s+real)\b",
    re.IGNORECASE,
)
# A resized, re-compressed copy of an avatar stays within a few bits of its 64-bit pHash
# (95% within 2, all within 8 in bench/detectors/impersonation.py); different images are 18+.
AVATAR_COPY_BITS = 8
# Nine slices of the 64 bits (eight of 7 bits, one of 8): two hashes at most 8 bits
# apart agree on at least one slice, so looking each slice up finds every copy.
_AVATAR_SLICES = [(shift, 0x7F) for shift in range(0, 56, 7)] + [(56, 0xFF)]
# Protected display names shorter than this (folded) are not looked for in handles.
HANDLE_FROM_NAME_MIN = 7
_WORD_BREAK = re.compile(r"[\W_]", re.UNICODE)


@dataclass(frozen=True)
class Profile:
    platform: str
    handle: str
    display_name: str = ""
    bio: str = ""
    avatar_hash: int | None = None
    created_at: datetime | None = None
    followers: int | None = None
    url: str = ""
    verified: bool = False

    @property
    def key(self) -> dict[str, str]:
        return {"platform": self.platform, "handle": self.handle}


def parse_profile(record: dict[str, Any]) -> Profile:
    """A profile from a JSON object; only `platform` and `handle` are required."""
    avatar_text = text_field(record, "avatar_hash", limit=100)
    avatar_hash = parse_hash(avatar_text) if avatar_text else None
    if avatar_text and avatar_hash is None:
        raise RecordError("'avatar_hash' must be a 64-bit perceptual hash as 16 hex digits")
    followers = number_field(record, "followers")
    return Profile(
        platform=text_field(record, "platform", required=True, limit=50).strip().lower(),
        handle=text_field(record, "handle", required=True, limit=200).strip().lstrip("@"),
        display_name=text_field(record, "display_name", limit=200),
        bio=text_field(record, "bio", limit=2000),
        avatar_hash=avatar_hash,
        created_at=optional_timestamp(record, "created_at"),
        followers=int(followers) if followers is not None and followers >= 0 else None,
        url=text_field(record, "url", limit=2000),
        verified=record.get("verified") is True,
    )


@dataclass(frozen=True)
class ImpersonationSettings:
    threshold: float = 0.7
    new_account_days: int = 90
    max_bio_share: float = 0.05  # bio word pairs used by more protected bios than this are common
    fan_discount: float = 0.45
    cross_platform_discount: float = 0.8


@dataclass
class Match:
    candidate: Profile
    protected: Profile
    score: float
    reasons: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate.key,
            "protected": self.protected.key,
            "score": round(self.score, 3),
            "reasons": self.reasons,
        }


def _names_a_handle(folded_name: str) -> bool:
    """Whether a protected display name is distinctive enough to look for in handles.

    'janedoe' in a handle points at Jane Doe; 'maria' or 'david' in a handle points at nobody.
    """
    return len(compact(folded_name)) >= HANDLE_FROM_NAME_MIN


def _is_young(candidate: Profile, now: datetime, days: int) -> bool:
    if candidate.created_at is None:
        return False
    return 0 <= (now - candidate.created_at).days < days


def _domain_skeleton(url: str) -> str:
    """The folded first label of a link's registrable domain ('acme-bank.be' → 'acmebank')."""
    if not url:
        return ""
    return skeleton(registered_domain(link_domain(url)).split(".")[0])


@dataclass
class _Protected:
    profile: Profile
    handle: str
    name: str
    domain: str
    bio_pairs: set[str]


class ImpersonationIndex:
    """Built once from the protected identities; `match` scores one candidate at a time."""

    def __init__(
        self, protected: Iterable[Profile], *, settings: ImpersonationSettings | None = None
    ) -> None:
        self.settings = settings or ImpersonationSettings()
        self.protected: list[_Protected] = []
        self.genuine: set[tuple[str, str]] = set()
        # Candidate handles are compared with protected handles and display names; candidate
        # display names with protected display names only.
        self._handle_exact = _Keys()
        self._handle_one_edit = _Keys()  # deletion variants of names of five letters or more
        self._handle_one_edit_short = _Keys()  # of four letters: probed only when it can matter
        self._name_exact = _Keys()
        self._name_one_edit = _Keys()
        self._contained_lengths: set[int] = set()
        self._avatar: list[dict[int, set[int]]] = [
            defaultdict(set) for _ in range(len(_AVATAR_SLICES))
        ]
        self._bio: dict[str, set[int]] = defaultdict(set)
        self._common_pairs: set[str] = set()
        self._bio_keys: frozenset[str] = frozenset()
        self._bio_sets: list[frozenset[str]] = []
        self._avatar_hashes: list[int] = []
        for profile in protected:
            self._add(profile)
        self._drop_common_bio_pairs()
        for keys in (
            self._handle_exact,
            self._handle_one_edit,
            self._handle_one_edit_short,
            self._name_exact,
            self._name_one_edit,
        ):
            keys.freeze()

    def _add(self, profile: Profile) -> None:
        number = len(self.protected)
        handle = skeleton(profile.handle)
        name = skeleton(profile.display_name)
        domain = _domain_skeleton(profile.url)
        entry = _Protected(profile, handle, name, domain, _bio_pairs(profile.bio))
        self.protected.append(entry)
        self.genuine.add((profile.platform, profile.handle.lower()))
        for folded in {handle, name if _names_a_handle(name) else ""}:
            if len(folded) < 3:
                continue
            self._handle_exact.add(folded, number)
            self._contained_lengths.add(len(folded))
            if len(folded) >= 4:
                one_edit = (
                    self._handle_one_edit if len(folded) >= 5 else self._handle_one_edit_short
                )
                # A candidate one edit away shares a deletion variant, or is one letter longer.
                for form in {folded, compact(folded)}:
                    one_edit.add(form, number)
                    for variant in _deletions(form):
                        one_edit.add(variant, number)
        if len(name) >= 3:
            self._name_exact.add(name, number)
        if len(name) >= NAME_EDIT_MIN:
            for form in {name, compact(name)}:
                self._name_one_edit.add(form, number)
                for variant in _deletions(form):
                    self._name_one_edit.add(variant, number)
        self._avatar_hashes.append(profile.avatar_hash or 0)
        if profile.avatar_hash is not None:
            for slot, (shift, mask) in enumerate(_AVATAR_SLICES):
                self._avatar[slot][(profile.avatar_hash >> shift) & mask].add(number)
        for pair in entry.bio_pairs:
            self._bio[pair].add(number)

    def _drop_common_bio_pairs(self) -> None:
        limit = max(5, int(self.settings.max_bio_share * len(self.protected)))
        self._common_pairs = {pair for pair, owners in self._bio.items() if len(owners) > limit}
        for pair in self._common_pairs:
            del self._bio[pair]
        self._bio_keys = frozenset(self._bio)
        self._bio_sets = [
            frozenset(entry.bio_pairs - self._common_pairs) for entry in self.protected
        ]

    # -- candidate side --------------------------------------------------------------------

    def _proposals(
        self, candidate: Profile, handle: str, name: str, reference: datetime
    ) -> set[int]:
        """Protected identities worth scoring against this candidate.

        Only evidence that can carry a match needs proposing: a look-alike link or a young
        account only adds to a resemblance that is proposed by its own lookup.
        """
        found: set[int] = set()
        if len(handle) >= 3:
            weak = self._weak_can_match(candidate, reference)
            words, variants = _variants(handle, 4 if weak else 5)
            self._handle_exact.collect(words, found)
            self._handle_one_edit.collect(variants, found)
            if weak:
                self._handle_one_edit_short.collect(variants, found)
                pieces = {
                    handle[start : start + length]
                    for length in self._contained_lengths
                    if 4 <= length < len(handle)
                    for start in range(len(handle) - length + 1)
                }
                self._handle_exact.collect(pieces, found)
        if len(name) >= 3:
            # In a display name an affix is a word of its own: one word has none.
            several_words = _WORD_BREAK.search(candidate.display_name.strip()) is not None
            words, variants = _variants(name, NAME_EDIT_MIN, affixes=several_words)
            self._name_exact.collect(words, found)
            self._name_one_edit.collect(variants, found)
        if candidate.avatar_hash is not None:
            value = candidate.avatar_hash
            near: set[int] = set()
            for slot, (shift, mask) in enumerate(_AVATAR_SLICES):
                owners = self._avatar[slot].get((value >> shift) & mask)
                if owners:
                    near |= owners
            hashes = self._avatar_hashes
            found |= {
                owner for owner in near if (hashes[owner] ^ value).bit_count() <= AVATAR_COPY_BITS
            }
        if candidate.bio and self._bio and self._bio_can_match(candidate, reference):
            pairs = _bio_pairs(candidate.bio) - self._common_pairs
            shared = pairs.intersection(self._bio_keys)
            # A bio shares at least a quarter of its pairs with one it copies (Jaccard ≥ 0.25).
            if shared and len(shared) >= 0.25 * len(pairs):
                hits = Counter(chain.from_iterable(self._bio[pair] for pair in shared))
                for owner, count in hits.items():
                    if count >= 0.25 * len(pairs):
                        own = self._bio_sets[owner]
                        if count >= 0.25 * len(pairs | own):
                            found.add(owner)
        return found

    def _bio_can_match(self, candidate: Profile, reference: datetime) -> bool:
        """Whether a copied bio (0.6 at most) could reach the threshold with what is not
        proposed by another lookup: a weak display-name resemblance, a link, a young account."""
        remaining = (1 - 0.6) * (1 - _UNPROPOSED_NAME)
        if candidate.url:
            remaining *= 1 - 0.5
        if _is_young(candidate, reference, self.settings.new_account_days):
            remaining *= 1 - 0.2
        return 1 - remaining >= self.settings.threshold

    def _weak_can_match(self, candidate: Profile, reference: datetime) -> bool:
        """Whether a weak handle resemblance (containing a protected name, one edit from a
        four-letter one: 0.35) could reach the threshold.

        With a display name that resembles too weakly to be proposed itself (below 0.3) it
        stays below the default threshold unless a link or a young account adds to it; every
        stronger resemblance is proposed by its own lookup. Skipping the rest keeps the index
        fast without changing any result.
        """
        remaining = (1 - 0.35) * (1 - _UNPROPOSED_NAME)
        if candidate.url:
            remaining *= 1 - 0.5
        if _is_young(candidate, reference, self.settings.new_account_days):
            remaining *= 1 - 0.2
        return 1 - remaining >= self.settings.threshold

    def match(
        self, candidate: Profile, *, now: datetime | None = None, exhaustive: bool = False
    ) -> Match | None:
        """The best-scoring protected identity for this candidate, when above the threshold.

        `exhaustive` scores every protected identity instead of the index's proposals; it gives
        the same answer, slowly, and exists to check that claim.
        """
        if (candidate.platform, candidate.handle.lower()) in self.genuine:
            return None
        handle = skeleton(candidate.handle)
        name = skeleton(candidate.display_name)
        reference = now or datetime.now(UTC)
        numbers = (
            range(len(self.protected))
            if exhaustive
            else self._proposals(candidate, handle, name, reference)
        )
        best: Match | None = None
        for number in numbers:
            match = self._score(candidate, handle, name, self.protected[number], reference)
            if match is not None and (best is None or match.score > best.score):
                best = match
        if best is None or best.score < self.settings.threshold:
            return None
        return best

    def run(self, candidates: Iterable[Profile], *, now: datetime | None = None) -> Iterator[Match]:
        for candidate in candidates:
            match = self.match(candidate, now=now)
            if match is not None:
                yield match

    # -- scoring ---------------------------------------------------------------------------

    def _score(
        self,
        candidate: Profile,
        handle: str,
        name: str,
        protected: _Protected,
        now: datetime,
    ) -> Match | None:
        settings = self.settings
        platform = protected.profile.platform
        same_platform = platform in (candidate.platform, ANY_PLATFORM)
        reasons: list[str] = []
        evidence: list[float] = []

        handle_strength, handle_reason = name_evidence(
            candidate.handle, handle, protected.profile.handle, protected.handle, "handle"
        )
        if not handle_strength and _names_a_handle(protected.name):
            # A handle built from the protected display name ('janedoe' for 'Jane Doe').
            handle_strength, handle_reason = name_evidence(
                candidate.handle, handle, protected.profile.display_name, protected.name, "handle"
            )
            handle_strength *= 0.9
        if handle_strength:
            if not same_platform:
                handle_strength *= settings.cross_platform_discount
                handle_reason += f" (on {candidate.platform}, protected on {platform})"
            evidence.append(handle_strength)
            reasons.append(handle_reason)

        name_strength = 0.0
        if name and protected.name:
            name_strength, name_reason = name_evidence(
                candidate.display_name,
                name,
                protected.profile.display_name,
                protected.name,
                "display name",
            )
            if name_strength:
                # Display names are not unique: many people are called 'Maria'.
                weight = 0.6 if len(protected.name) >= 6 else 0.4
                evidence.append(name_strength * weight)
                reasons.append(name_reason)
                copy = name_copy_context(candidate, protected, name, now, settings)
                if copy is not None:
                    evidence.append(copy[0])
                    reasons.append(copy[1])

        if candidate.avatar_hash is not None and protected.profile.avatar_hash is not None:
            distance = hash_distance(candidate.avatar_hash, protected.profile.avatar_hash)
            if distance <= AVATAR_COPY_BITS:  # the index finds every hash this close
                strength = 0.85 if distance <= 4 else 0.7
                evidence.append(strength)
                reasons.append(f"avatar looks copied (perceptual hash {distance}/64 bits apart)")

        if protected.bio_pairs and candidate.bio:
            pairs = _bio_pairs(candidate.bio) - self._common_pairs
            own = protected.bio_pairs - self._common_pairs
            if pairs and own:
                overlap = len(pairs & own) / len(pairs | own)
                if overlap >= 0.7 and name_strength >= 0.6:
                    evidence.append(0.85)
                    reasons.append(f"copies the display name and the bio ({overlap:.0%})")
                elif overlap >= 0.25:
                    # Quotes and templates get copied too: a bio alone never makes a match.
                    strength = 0.6 if overlap >= 0.7 else 0.45 if overlap >= 0.4 else 0.3
                    evidence.append(strength)
                    reasons.append(f"bio copied ({overlap:.0%} of word pairs shared)")

        identity = max(evidence, default=0.0)
        if identity < 0.3:
            return None

        domain = _domain_skeleton(candidate.url)
        lookalike_domain = edit_distance(domain, protected.domain, limit=1) <= 1 or (
            protected.domain in domain and len(protected.domain) >= 4
        )
        if candidate.url and domain and protected.domain not in ("", domain) and lookalike_domain:
            evidence.append(0.5)
            reasons.append(f"links to look-alike domain {link_domain(candidate.url)}")

        if _is_young(candidate, now, settings.new_account_days):
            assert candidate.created_at is not None
            age = (now - candidate.created_at).days
            evidence.append(0.2)
            reasons.append(f"account created {age} days ago")

        remaining = 1.0
        for strength in evidence:
            remaining *= 1 - strength
        score = 1 - remaining

        declared = " ".join((candidate.handle, candidate.display_name, candidate.bio))
        genuine = protected.profile
        # A bio copied from a protected fan page does not make the copy a declared fan page.
        if _FAN_MARKERS.search(declared) and not _FAN_MARKERS.search(
            " ".join((genuine.handle, genuine.display_name, genuine.bio))
        ):
            score *= settings.fan_discount
            reasons.append("declares itself a fan, parody or unofficial account")
        return Match(candidate, protected.profile, score, reasons)


def name_copy_context(
    candidate: Profile,
    protected: _Protected,
    name: str,
    now: datetime,
    settings: ImpersonationSettings,
) -> tuple[float, str] | None:
    """A copied display name under an unrelated handle: the name alone proves little (namesakes
    exist), but a distinctive name copied by an unverified account that is newer and smaller
    than the genuine one is how impersonators work; an account that is also only weeks old
    weighs more (through the separate new-account evidence)."""
    genuine = protected.profile
    words = [word for word in _BIO_WORD.findall(genuine.display_name) if len(word) >= 2]
    distinctive = len(protected.name) >= 8 or (len(protected.name) >= 6 and len(words) >= 2)
    if name != protected.name or not distinctive or candidate.verified:
        return None
    # Impersonators are short-lived: an account with years behind it is an established namesake.
    newer = _is_young(candidate, now, settings.new_account_days) or (
        _is_young(candidate, now, 2 * 365)
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
        return 0.65, f"copies the display name, unverified, {lesser}"
    return 0.55, f"copies the display name, {lesser}"
