"""Impersonation in the pipeline: the authors of each batch checked against the protected
identities (registered channels, brands, and the accounts executives and spokespeople declared
for protection); a match goes to the discovered-accounts triage and to the security analysts."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError

from socialgov.channels.feeds import channels_to_watch
from socialgov.channels.models import (
    Channel,
    DiscoveredAccount,
    DiscoverySource,
    LinkedAccount,
    LinkRelation,
    LinkStatus,
    Platform,
)
from socialgov.channels.services.accounts import discovered_account_record
from socialgov.channels.services.common import clean_handle
from socialgov.core.selectors import analysts
from socialgov.core.texts import Message
from socialgov.engine.detectors.impersonation import (
    ANY_PLATFORM,
    ImpersonationIndex,
    Match,
    Profile,
)
from socialgov.monitoring.models import Author, Post, PostKind
from socialgov.monitoring.pipeline.alert import (
    alert_for_key,
    alert_notify,
    alert_open,
    evidence_add,
)
from socialgov.monitoring.pipeline.detector_alerts import (
    IMPERSONATION,
    detector_rule,
    evidence_findings,
)

logger = logging.getLogger(__name__)

PROTECTED_RELATIONS = (LinkRelation.EXECUTIVE, LinkRelation.SPOKESPERSON)


@dataclass(frozen=True)
class Protected:
    profile: Profile
    channel_id: int | None
    label: str


def protected_identities() -> tuple[Protected, ...]:
    found: list[Protected] = []
    brands: dict[str, int] = {}
    for channel in channels_to_watch():
        profile = Profile(channel.platform, channel.handle, channel.display_name)
        found.append(Protected(profile, channel.channel_id, channel.display_name or channel.handle))
    for brand, channel_id in (
        Channel.objects.filter(pk__in=[p.channel_id for p in found if p.channel_id])
        .exclude(brand="")
        .values_list("brand", "pk")
    ):
        brands.setdefault(brand.strip(), channel_id)
    for brand, channel_id in brands.items():
        handle = "".join(ch for ch in brand.lower() if ch.isalnum())
        if handle:
            found.append(Protected(Profile(ANY_PLATFORM, handle, brand), channel_id, brand))
    # Declared for protection: any watch scope covers impersonation (consent is needed only to
    # read the account's posts, which this does not do).
    for platform, handle, first, last in LinkedAccount.objects.filter(
        status=LinkStatus.ACTIVE, relation__in=PROTECTED_RELATIONS
    ).values_list("platform", "handle", "person__first_name", "person__last_name"):
        name = f"{first} {last}".strip()
        found.append(Protected(Profile(platform, handle, name), None, name or handle))
    return tuple(found)


@lru_cache(maxsize=2)
def _index(protected: tuple[Protected, ...]) -> ImpersonationIndex:
    return ImpersonationIndex(item.profile for item in protected)


def _profile(author: Author) -> Profile:
    avatar: int | None = None
    if author.avatar_hash:
        try:
            avatar = int(author.avatar_hash, 16)
        except ValueError:
            avatar = None
    return Profile(
        platform=author.platform,
        handle=author.handle or author.external_id,
        display_name=author.display_name,
        bio=author.bio,
        avatar_hash=avatar,
        created_at=author.created_on_platform,
        followers=author.followers_count,
    )


def impersonation_detect(posts: Sequence[Post], now: dt.datetime) -> tuple[int, set[int | None]]:
    """Returns (accounts newly sent to triage, channels whose impersonator count changed)."""
    authors: dict[int, Author] = {}
    posts_by_author: dict[int, list[Post]] = {}
    for post in posts:
        if post.author is None or post.kind in (PostKind.OWN_POST, PostKind.INTERNAL):
            continue
        authors[post.author.pk] = post.author
        posts_by_author.setdefault(post.author.pk, []).append(post)
    if not authors:
        return 0, set()
    protected = protected_identities()
    if not protected:
        return 0, set()
    index = _index(protected)
    by_profile = {item.profile: item for item in protected}
    found = 0
    changed: set[int | None] = set()
    for author_id, author in authors.items():
        try:
            match = index.match(_profile(author), now=now)
        except Exception:  # hostile profile data must not stop the batch
            logger.exception("impersonation check failed for author %s", author_id)
            continue
        if match is None:
            continue
        target = by_profile.get(match.protected)
        if _record(match, author, target, posts_by_author[author_id], now):
            found += 1
            changed.add(target.channel_id if target else None)
    return found, changed


def _record(
    match: Match, author: Author, target: Protected | None, posts: list[Post], now: dt.datetime
) -> bool:
    handle = match.candidate.handle
    platform = match.candidate.platform
    key = f"impersonation:{platform}:{handle.lower()}"[:200]
    reasons = "; ".join(match.reasons)
    channel_id = target.channel_id if target else None
    channel = Channel.objects.filter(pk=channel_id).first() if channel_id else None
    new_account = False
    if platform in Platform.values:
        try:
            normalised, _url = clean_handle(platform, handle)
        except ValidationError:
            normalised = ""
        if (
            normalised
            and not DiscoveredAccount.objects.filter(platform=platform, handle=normalised).exists()
        ):
            try:
                discovered_account_record(
                    actor=None,
                    platform=platform,
                    handle=normalised,
                    display_name=author.display_name,
                    evidence=f"{reasons} (score {match.score:.2f})",
                    similarity=round(min(1.0, max(0.0, match.score)), 3),
                    resembles=channel,
                    source=DiscoverySource.MONITORING,
                )
                new_account = True
            except ValidationError as error:
                logger.info("lookalike %s not sent to triage: %s", handle, error)
    alert = alert_for_key(key)
    if alert is None:
        rule = detector_rule(IMPERSONATION)
        if not rule.is_active:
            return new_account
        people = analysts()
        what = target.label if target else match.protected.handle
        alert = alert_open(
            rule=rule,
            key=key,
            title=Message("monitoring.alert.imitating", {"what": what, "handle": handle}),
            channel=channel,
            owner=people[0] if people else None,
            now=now,
        )
        alert_notify(alert, also=people)
        new_account = True
    evidence = evidence_findings(
        posts,
        analyzer="impersonation",
        kind="lookalike",
        score=match.score,
        reason=match.reasons,
        key=key,
    )
    evidence_add(alert, evidence, now)
    return new_account
