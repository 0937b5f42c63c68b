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
import string
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
from typing import Any

from socialgov.engine.detectors.confusables import compact, skeleton
from socialgov.engine.detectors.impersonation_evidence import (
    AVATAR_COPY_BITS as AVATAR_COPY_BITS,
)
from socialgov.engine.detectors.impersonation_evidence import (
    Evidence,
    Protected,
    avatar_evidence,
    context_evidence,
    domain_skeleton,
    is_young,
    name_copy_context,
)
from socialgov.engine.detectors.name_keys import NameKeys as _Keys
from socialgov.engine.detectors.name_keys import bio_pairs as _bio_pairs
from socialgov.engine.detectors.name_keys import deletions as _deletions
from socialgov.engine.detectors.name_keys import variants as _variants
from socialgov.engine.detectors.names import NAME_EDIT_MIN, name_evidence, person_key
from socialgov.engine.detectors.names import strip_affixes as strip_affixes
from socialgov.engine.detectors.profiles import ImpersonationSettings as ImpersonationSettings
from socialgov.engine.detectors.profiles import Profile as Profile
from socialgov.engine.detectors.profiles import parse_profile as parse_profile
from socialgov.engine.reasons import Reason

ANY_PLATFORM = "*"
# The strongest display-name evidence the index does not propose on its own: a display name
# that contains the protected one (0.35 at the long-name weight of 0.6). Equal names, affixed
# names and one edit on long names are proposed; the proposal bounds below assume the rest.
_UNPROPOSED_NAME = 0.35 * 0.6

_FAN_MARKERS = re.compile(
    r"\b(fan|fans|fanpage|fanpagina|fanclub|fan\s?account|parody|parodie|parodique|satire|"
    r"satirical|satirique|tribute|hommage|eerbetoon|"
    r"unofficial|non[- ]official|not\s+affiliated|niet\s+officieel|non\s+officiel|"
    r"pas\s+officiel|not\s+the\s+real)\b",
    re.IGNORECASE,
)
# Nine slices of the 64 bits (eight of 7 bits, one of 8): two hashes at most 8 bits
# apart agree on at least one slice, so looking each slice up finds every copy.
_AVATAR_SLICES = [(shift, 0x7F) for shift in range(0, 56, 7)] + [(56, 0xFF)]
# Protected display names shorter than this (folded) are not looked for in handles.
HANDLE_FROM_NAME_MIN = 7
_WORD_BREAK = re.compile(r"[\W_]", re.UNICODE)
_PUNCTUATION = string.punctuation


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


def _written_words(name: str) -> set[str]:
    return {word.strip(_PUNCTUATION) for word in name[:200].casefold().split()}


def _bio_copy_strength(candidate: Profile, now: datetime, settings: ImpersonationSettings) -> float:
    """A whole bio copied: more telling on an account that is weeks old or has no audience."""
    empty = candidate.followers is not None and candidate.followers < 50
    return 0.7 if empty or is_young(candidate, now, settings.new_account_days) else 0.6


def _names_a_handle(folded_name: str) -> bool:
    """Whether a protected display name is distinctive enough to look for in handles.

    'janedoe' in a handle points at Jane Doe; 'maria' or 'david' in a handle points at nobody.
    """
    return len(compact(folded_name)) >= HANDLE_FROM_NAME_MIN


class ImpersonationIndex:
    """Built once from the protected identities; `match` scores one candidate at a time."""

    def __init__(
        self, protected: Iterable[Profile], *, settings: ImpersonationSettings | None = None
    ) -> None:
        self.settings = settings or ImpersonationSettings()
        self.protected: list[Protected] = []
        self.genuine: set[tuple[str, str]] = set()
        # Candidate handles are compared with protected handles and display names; candidate
        # display names with protected display names only.
        self._handle_exact = _Keys()
        self._handle_one_edit = _Keys()  # deletion variants of names of five letters or more
        self._handle_one_edit_short = _Keys()  # of four letters: probed only when it can matter
        self._name_exact = _Keys()
        self._name_one_edit = _Keys()
        self._name_person = _Keys()  # without titles, words in any order
        self._person_words: set[str] = set()  # their words as written, for a cheap first look
        self._contained_lengths: set[int] = set()
        # Per slice: its value → (hash, protected number) of the avatars with that slice.
        self._avatar: list[dict[int, list[tuple[int, int]]]] = [
            defaultdict(list) for _ in range(len(_AVATAR_SLICES))
        ]
        self._bio: dict[str, set[int]] = defaultdict(set)
        self._common_pairs: set[str] = set()
        self._bio_keys: frozenset[str] = frozenset()
        self._bio_sets: list[frozenset[str]] = []
        for profile in protected:
            self._add(profile)
        self._drop_common_bio_pairs()
        for keys in (
            self._handle_exact,
            self._handle_one_edit,
            self._handle_one_edit_short,
            self._name_exact,
            self._name_one_edit,
            self._name_person,
        ):
            keys.freeze()
        self._handle_edges = (
            self._handle_one_edit.edges[0] | self._handle_one_edit_short.edges[0],
            self._handle_one_edit.edges[1] | self._handle_one_edit_short.edges[1],
        )

    def _add(self, profile: Profile) -> None:
        number = len(self.protected)
        handle = skeleton(profile.handle)
        name = skeleton(profile.display_name)
        domain = domain_skeleton(profile.url)
        person = person_key(profile.display_name)
        entry = Protected(profile, handle, name, domain, _bio_pairs(profile.bio), person)
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
        if len(compact(person.replace(" ", ""))) >= 6:
            self._name_person.add(person, number)
            self._person_words.update(_written_words(profile.display_name))
        if len(name) >= 3:
            self._name_exact.add(name, number)
        if len(name) >= NAME_EDIT_MIN:
            for form in {name, compact(name)}:
                self._name_one_edit.add(form, number)
                for variant in _deletions(form):
                    self._name_one_edit.add(variant, number)
        if profile.avatar_hash is not None:
            for slot, (shift, mask) in enumerate(_AVATAR_SLICES):
                owners = self._avatar[slot][(profile.avatar_hash >> shift) & mask]
                owners.append((profile.avatar_hash, number))
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
        self, candidate: Profile, handle: str, name: str, person: str, reference: datetime
    ) -> set[int]:
        """Protected identities worth scoring against this candidate.

        Only evidence that can carry a match needs proposing: a look-alike link or a young
        account only adds to a resemblance that is proposed by its own lookup.
        """
        found: set[int] = set()
        if len(handle) >= 3:
            weak = self._weak_can_match(candidate, reference)
            words, variants = _variants(handle, 4 if weak else 5, edges=self._handle_edges)
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
            words, variants = _variants(
                name, NAME_EDIT_MIN, affixes=several_words, edges=self._name_one_edit.edges
            )
            self._name_exact.collect(words, found)
            self._name_one_edit.collect(variants, found)
            if person:
                self._name_person.collect({person}, found)
        if candidate.avatar_hash is not None:
            value = candidate.avatar_hash
            # Checking the few avatars of each slice costs less than uniting them first.
            for table, (shift, mask) in zip(self._avatar, _AVATAR_SLICES, strict=True):
                for avatar, owner in table.get((value >> shift) & mask, ()):
                    if (avatar ^ value).bit_count() <= AVATAR_COPY_BITS:
                        found.add(owner)
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
        """Whether a copied bio (0.6 at most, 0.7 on a young or empty account) could reach the
        threshold with what is not proposed by another lookup: a weak display-name resemblance,
        a link, a young account."""
        remaining = (1 - _bio_copy_strength(candidate, reference, self.settings)) * (
            1 - _UNPROPOSED_NAME
        )
        if candidate.url:
            remaining *= 1 - 0.5
        if is_young(candidate, reference, self.settings.new_account_days):
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
        if is_young(candidate, reference, self.settings.new_account_days):
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
        person = self._person_key(candidate.display_name)
        reference = now or datetime.now(UTC)
        numbers = (
            range(len(self.protected))
            if exhaustive
            else self._proposals(candidate, handle, name, person, reference)
        )
        best: Match | None = None
        for number in numbers:
            protected = self.protected[number]
            match = self._score(candidate, (handle, name, person), protected, reference)
            if match is not None and (best is None or match.score > best.score):
                best = match
        if best is None or best.score < self.settings.threshold:
            return None
        return best

    def _person_key(self, display_name: str) -> str:
        """The candidate's person key, when two of its words are words of a protected person's
        name (or it has letters beyond ASCII, which may fold onto them): the full key costs
        more than this look, and most names of a million candidates share no such words."""
        if display_name.isascii():
            words = _written_words(display_name)
            if len(words) < 2 or len(words & self._person_words) < 2:
                return ""
        return person_key(display_name)

    def run(self, candidates: Iterable[Profile], *, now: datetime | None = None) -> Iterator[Match]:
        for candidate in candidates:
            match = self.match(candidate, now=now)
            if match is not None:
                yield match

    # -- scoring ---------------------------------------------------------------------------

    def _score(
        self,
        candidate: Profile,
        folded: tuple[str, str, str],
        protected: Protected,
        now: datetime,
    ) -> Match | None:
        """`folded` is the candidate's handle, display name and person key, folded once."""
        handle, name, person = folded
        evidence: Evidence = []  # strength in [0, 1] and the reason, in order
        self._handle_evidence(candidate, handle, protected, evidence)
        name_strength = self._name_evidence(candidate, name, person, protected, now, evidence)
        avatar_evidence(candidate, protected, evidence)
        self._bio_evidence(candidate, protected, name_strength, now, evidence)
        if max((strength for strength, _ in evidence), default=0.0) < 0.3:
            return None
        context_evidence(candidate, protected, now, self.settings, evidence)
        remaining = 1.0
        for strength, _ in evidence:
            remaining *= 1 - strength
        score = 1 - remaining
        reasons = [reason for _, reason in evidence]
        declared = " ".join((candidate.handle, candidate.display_name, candidate.bio))
        genuine = protected.profile
        # A bio copied from a protected fan page does not make the copy a declared fan page.
        if _FAN_MARKERS.search(declared) and not _FAN_MARKERS.search(
            " ".join((genuine.handle, genuine.display_name, genuine.bio))
        ):
            score *= self.settings.fan_discount
            fan = "declares itself a fan, parody or unofficial account"
            reasons.append(Reason("impersonation.fan", fan))
        return Match(candidate, protected.profile, score, reasons)

    def _handle_evidence(
        self,
        candidate: Profile,
        handle: str,
        protected: Protected,
        evidence: Evidence,
    ) -> None:
        platform = protected.profile.platform
        strength, reason = name_evidence(
            candidate.handle, handle, protected.profile.handle, protected.handle, "handle"
        )
        if not strength and _names_a_handle(protected.name):
            # A handle built from the protected display name ('janedoe' for 'Jane Doe').
            strength, reason = name_evidence(
                candidate.handle, handle, protected.profile.display_name, protected.name, "handle"
            )
            strength *= 0.9
        if strength:
            if platform not in (candidate.platform, ANY_PLATFORM):
                strength *= self.settings.cross_platform_discount
                text = f"{reason} (on {candidate.platform}, protected on {platform})"
                reason = Reason(
                    "impersonation.cross_platform",
                    text,
                    reason=reason,
                    platform=candidate.platform,
                    protected_platform=platform,
                )
            evidence.append((strength, reason))

    def _name_evidence(
        self,
        candidate: Profile,
        name: str,
        person: str,
        protected: Protected,
        now: datetime,
        evidence: Evidence,
    ) -> float:
        """The display name's own strength (before weighing), for the bio to build on."""
        if not (name and protected.name):
            return 0.0
        genuine = protected.profile.display_name
        strength, reason = name_evidence(
            candidate.display_name, name, genuine, protected.name, "display name"
        )
        # How exactly the name is copied, for weighing it with the rest of the profile.
        copy = 1.0 if name == protected.name else 0.0
        if copy == 0 and protected.person and person == protected.person:
            copy = 1.0
            if strength < 0.8:
                strength = 0.8
                text = (
                    f"display name '{candidate.display_name}' is '{genuine}' "
                    "with titles or word order changed"
                )
                reason = Reason(
                    "impersonation.reordered", text, name=candidate.display_name, protected=genuine
                )
        elif copy == 0 and strength >= 0.75 and len(protected.name) >= NAME_EDIT_MIN:
            copy = 0.85  # one letter changed, or an affix such as 'Official' added
        if strength:
            # Display names are not unique: many people are called 'Maria'.
            weight = 0.6 if len(protected.name) >= 6 else 0.4
            evidence.append((strength * weight, reason))
            context = name_copy_context(candidate, protected, copy, now, self.settings)
            if context is not None:
                evidence.append(context)
        return strength

    def _bio_evidence(
        self,
        candidate: Profile,
        protected: Protected,
        name_strength: float,
        now: datetime,
        evidence: Evidence,
    ) -> None:
        if not (protected.bio_pairs and candidate.bio):
            return
        pairs = _bio_pairs(candidate.bio) - self._common_pairs
        own = protected.bio_pairs - self._common_pairs
        if not (pairs and own):
            return
        overlap = len(pairs & own) / len(pairs | own)
        if overlap >= 0.7 and name_strength >= 0.6:
            text = f"copies the display name and the bio ({overlap:.0%})"
            percent = f"{100 * overlap:.0f}"
            evidence.append((0.85, Reason("impersonation.name_and_bio", text, percent=percent)))
        elif overlap >= 0.25:
            # Quotes and templates get copied too: a bio alone never makes a match.
            strength = 0.45 if overlap >= 0.4 else 0.3
            if overlap >= 0.7:
                strength = _bio_copy_strength(candidate, now, self.settings)
            text = f"bio copied ({overlap:.0%} of word pairs shared)"
            percent = f"{100 * overlap:.0f}"
            evidence.append((strength, Reason("impersonation.bio", text, percent=percent)))
