"""Account compromise: the organisation's own account posting what its team would never post.

Each account learns its own habits from its history (hours, client application, language, link
domains, mentions, hashtags, length, vocabulary, cadence). Each new post is scored against the
habits learned from the posts before it, in the spirit of COMPA (Egele et al.): every feature
gives a deviation in [0, 1], the weighted sum must be high *and* at least two independent
features must deviate, so one odd hour or one new hashtag is not a hijack. Known takeover
patterns (crypto, giveaway and phishing texts, insults the account never uses, mass posting of
the same text, a recent profile change reported by the platform, a post right after another
suspected one) add weight. Flagged posts are not learned from, so a takeover
does not teach the detector that takeovers are normal.
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from socialgov.engine.detectors.compromise_habits import Note, client_deviations, hour_deviation
from socialgov.engine.detectors.streams import (
    RecordError,
    in_range,
    parse_timestamp,
    string_list_field,
    text_field,
)
from socialgov.engine.detectors.text import (
    content_terms,
    hashtags,
    link_domain,
    mentions,
    registered_domain,
    urls_in,
)
from socialgov.engine.reasons import Reason

_SCAM = re.compile(
    r"\b(crypto|bitcoin|btc|ethereum|eth|usdt|solana|dogecoin|airdrop|giveaway|give-away|"
    r"nft|nfts|wallet|double\s+your|send\s+\d+|claim\s+(your|now|here)|free\s+(money|iphone|"
    r"gift|tokens?)|verify\s+your\s+account|limited\s+time|dm\s+(me|us)|click\s+(here|the\s+link)|"
    r"connect\s+your\s+wallet|investment\s+opportunity|guaranteed\s+(profit|returns)|"
    r"gratis\s+(geld|crypto)|winactie|verdubbel|gagnez|portefeuille|doublez|"
    r"verify\s+your|confirm\s+your|card\s+details|payment\s+(details|information)|"
    r"unusual\s+activity|account\s+(has\s+been|will\s+be)\s+(suspended|locked|flagged|closed)|"
    r"log\s?in\s+(here|now)|reset\s+your\s+password|bevestig\s+uw|vérifiez\s+votre)\b",
    re.IGNORECASE,
)
# Vandalism after a takeover: insults and slurs an organisation's account does not use.
_ABUSE = re.compile(
    r"\b(fuck\w*|shit\w*|bitch\w*|asshole\w*|bastard\w*|idiot\w*|moron\w*|stupid|dumb|"
    r"retard\w*|whore\w*|slut\w*|nazi\w*|scum|trash|kill\s+(yourself|them|all)|"
    r"kut|klootzak\w*|hoer\w*|lul|putain|merde|connard\w*|salope\w*|encul\w*)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class OwnPost:
    id: str
    account: str
    created_at: datetime
    text: str = ""
    source: str = ""
    lang: str = ""
    urls: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileChange:
    """The platform reported a change to the account (name, bio, e-mail, phone, avatar...)."""

    account: str
    created_at: datetime
    changes: tuple[str, ...] = ()


def parse_own_record(record: dict[str, Any]) -> OwnPost | ProfileChange:
    """A post, or a profile change when the record says `"event": "profile_change"`."""
    account = text_field(record, "account", required=True, limit=200)
    created_at = parse_timestamp(record.get("created_at"))
    if record.get("event") == "profile_change":
        return ProfileChange(account, created_at, tuple(string_list_field(record, "changes")))
    if record.get("event") not in (None, "", "post"):
        raise RecordError("'event' must be 'post' or 'profile_change'")
    return OwnPost(
        id=text_field(record, "id", required=True, limit=200),
        account=account,
        created_at=created_at,
        text=text_field(record, "text"),
        source=text_field(record, "source", limit=200).strip(),
        lang=text_field(record, "lang", limit=20).strip().lower(),
        urls=tuple(string_list_field(record, "urls", limit=50)),
    )


@dataclass(frozen=True)
class CompromiseSettings:
    warmup_posts: int = 30
    alert_weight: float = 2.5
    min_deviating_features: int = 2
    burst_window: timedelta = timedelta(minutes=15)
    profile_change_window: timedelta = timedelta(hours=24)
    counter_capacity: int = 2_000
    max_accounts: int = 100_000


WEIGHTS = {
    "hour": 1.0,
    "source": 1.5,
    "language": 1.0,
    "domain": 1.2,
    "mentions": 0.5,
    "hashtags": 0.5,
    "topic": 1.0,
    "length": 0.6,
    "cadence": 1.2,
    "scam": 2.0,
    "repeat": 1.0,
    "profile_change": 1.0,
    "abuse": 1.0,
    "episode": 1.0,
}


@dataclass
class CompromiseAlert:
    account: str
    post_id: str
    score: float
    reasons: list[str]
    features: dict[str, float]

    def as_record(self) -> dict[str, Any]:
        return {
            "account": self.account,
            "post_id": self.post_id,
            "score": round(self.score, 3),
            "reasons": self.reasons,
        }


class _Running:
    """Mean and spread of a number, updated one value at a time (Welford)."""

    def __init__(self) -> None:
        self.count = 0
        self.mean = 0.0
        self.m2 = 0.0

    def add(self, value: float) -> None:
        self.count += 1
        delta = value - self.mean
        self.mean += delta / self.count
        self.m2 += delta * (value - self.mean)

    @property
    def spread(self) -> float:
        return math.sqrt(self.m2 / (self.count - 1)) if self.count > 1 else 0.0


def _capped_update(counter: Counter[str], items: Iterable[str], capacity: int) -> None:
    counter.update(items)
    if len(counter) > capacity:
        kept = counter.most_common(capacity // 2)
        counter.clear()
        counter.update(dict(kept))


@dataclass
class AccountHabits:
    posts: int = 0
    hours: list[float] = field(default_factory=lambda: [0.0] * 24)
    sources: Counter[str] = field(default_factory=Counter)
    sourced_posts: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    languaged_posts: int = 0
    domains: Counter[str] = field(default_factory=Counter)
    mentions: Counter[str] = field(default_factory=Counter)
    hashtags: Counter[str] = field(default_factory=Counter)
    vocabulary: Counter[str] = field(default_factory=Counter)
    # How often this account's posts brought something new: an account that always links new
    # news sites is not suspicious when it links one more.
    novelty: dict[str, _Running] = field(
        default_factory=lambda: {k: _Running() for k in ("domain", "mentions", "hashtags", "topic")}
    )
    length: _Running = field(default_factory=_Running)
    burst_sizes: Counter[int] = field(default_factory=Counter)
    recent: deque[tuple[datetime, str]] = field(default_factory=lambda: deque(maxlen=64))
    profile_change: ProfileChange | None = None
    abusive_posts: int = 0
    last_alert: tuple[datetime, str] | None = None  # time and client app of the last alert


_Note = Note


class CompromiseDetector:
    """Feed own posts (and profile changes) in time order; alerts come back per post."""

    def __init__(self, *, settings: CompromiseSettings | None = None) -> None:
        self.settings = settings or CompromiseSettings()
        self.accounts: dict[str, AccountHabits] = {}
        self.dropped_accounts = 0

    def run(self, records: Iterable[OwnPost | ProfileChange]) -> Iterator[CompromiseAlert]:
        for record in records:
            alert = self.add(record)
            if alert is not None:
                yield alert

    def add(self, record: OwnPost | ProfileChange) -> CompromiseAlert | None:
        if not in_range(record.created_at):
            return None
        habits = self.accounts.get(record.account)
        if habits is None:
            if len(self.accounts) >= self.settings.max_accounts:
                self.dropped_accounts += 1
                return None
            habits = self.accounts[record.account] = AccountHabits()
        if isinstance(record, ProfileChange):
            habits.profile_change = record
            return None
        features, reasons = self._deviations(habits, record)
        weight = sum(WEIGHTS[name] * value for name, value in features.items())
        deviating = sum(1 for value in features.values() if value >= 0.5)
        alert = None
        if (
            weight >= self.settings.alert_weight
            and deviating >= self.settings.min_deviating_features
        ):
            score = min(1.0, weight / (2 * self.settings.alert_weight))
            alert = CompromiseAlert(record.account, record.id, score, reasons, features)
            habits.last_alert = (record.created_at, record.source)
        habits.recent.append((record.created_at, _fingerprint(record.text)))
        if alert is None:
            self._learn(habits, record)
        return alert

    # -- features --------------------------------------------------------------------------

    def _deviations(
        self, habits: AccountHabits, post: OwnPost
    ) -> tuple[dict[str, float], list[str]]:
        features: dict[str, float] = {}
        reasons: list[str] = []

        def note(name: str, value: float, reason: str) -> None:
            if value > 0:
                features[name] = value
                reasons.append(reason)

        scam_words = sorted({m.group(0).lower() for m in _SCAM.finditer(post.text[:5000])})
        if scam_words:
            quoted = ", ".join(f"'{word}'" for word in scam_words[:4])
            reason = Reason("compromise.scam", f"reads like a scam ({quoted})", words=quoted)
            note("scam", 1.0 if len(scam_words) >= 2 else 0.75, reason)

        window_start = post.created_at - self.settings.burst_window
        fingerprint = _fingerprint(post.text)
        in_window = [fp for moment, fp in habits.recent if moment >= window_start]
        repeats = sum(1 for fp in in_window if fp == fingerprint and fp)
        if repeats >= 2:
            text = f"same text posted {repeats + 1} times within 15 minutes"
            note("repeat", 1.0, Reason("compromise.repeat", text, count=repeats + 1))

        change = habits.profile_change
        if change is not None and timedelta(0) <= post.created_at - change.created_at <= (
            self.settings.profile_change_window
        ):
            what = ", ".join(change.changes) or "profile"
            hours = f"{(post.created_at - change.created_at).total_seconds() / 3600:.0f}"
            text = f"profile changed {hours} h before ({what})"
            reason = (
                Reason("compromise.profile_change", text, hours=hours, what=change.changes)
                if change.changes
                else Reason("compromise.profile_change_any", text, hours=hours)
            )
            note("profile_change", 1.0, reason)

        abusive = sorted({m.group(0).lower() for m in _ABUSE.finditer(post.text[:5000])})
        if abusive and habits.posts >= 10:
            usual_rate = habits.abusive_posts / habits.posts
            quoted = ", ".join(f"'{word}'" for word in abusive[:3])
            reason = Reason("compromise.abuse", f"abusive language ({quoted})", words=quoted)
            note("abuse", max(0.0, 1.0 - 10 * usual_rate), reason)

        last = habits.last_alert
        if last is not None and timedelta(0) <= post.created_at - last[0] <= timedelta(hours=1):
            same_client = not post.source or post.source == last[1]
            text = "follows a suspected takeover post within the hour"
            reason = (
                Reason("compromise.episode_same_client", f"{text} from the same client app")
                if same_client and post.source
                else Reason("compromise.episode", text)
            )
            note("episode", 1.0 if same_client else 0.5, reason)

        if habits.posts < self.settings.warmup_posts:
            return features, reasons

        self._habit_deviations(habits, post, note, len(in_window) + 1)
        return features, reasons

    def _habit_deviations(
        self, habits: AccountHabits, post: OwnPost, note: _Note, burst: int
    ) -> None:
        hour_deviation(habits, post, note)
        client_deviations(habits, post, note)
        _novelty_deviations(habits, post, note)
        _wording_deviations(habits, post, note)
        usual_burst = _quantile(habits.burst_sizes, 0.99)
        if burst > max(2, usual_burst):
            note(
                "cadence",
                1.0 if burst > max(3, 2 * usual_burst) else 0.5,
                Reason(
                    "compromise.cadence",
                    f"{burst} posts within 15 minutes (usually at most {usual_burst})",
                    count=burst,
                    usual=usual_burst,
                ),
            )

    # -- learning --------------------------------------------------------------------------

    def _learn(self, habits: AccountHabits, post: OwnPost) -> None:
        capacity = self.settings.counter_capacity
        habits.posts += 1
        habits.hours[post.created_at.hour] += 1
        if post.source:
            _capped_update(habits.sources, [post.source], 50)
            habits.sourced_posts += 1
        if post.lang:
            _capped_update(habits.languages, [post.lang], 50)
            habits.languaged_posts += 1
        domains = _domains(post)
        if domains:
            new = sum(1 for d in domains if d not in habits.domains) / len(domains)
            habits.novelty["domain"].add(new)
            _capped_update(habits.domains, domains, capacity)
        for name, items, counter in (
            ("mentions", mentions(post.text), habits.mentions),
            ("hashtags", hashtags(post.text), habits.hashtags),
        ):
            if items:
                habits.novelty[name].add(float(all(item not in counter for item in items)))
                _capped_update(counter, items, capacity)
        terms = content_terms(post.text)
        if len(terms) >= 3:
            novelty = sum(1 for term in terms if term not in habits.vocabulary) / len(terms)
            if habits.posts > 10:
                habits.novelty["topic"].add(novelty)
        _capped_update(habits.vocabulary, terms, capacity * 5)
        habits.length.add(math.log1p(len(post.text)))
        habits.abusive_posts += bool(_ABUSE.search(post.text[:5000]))
        window_start = post.created_at - self.settings.burst_window
        burst = sum(1 for moment, _ in habits.recent if moment >= window_start)
        habits.burst_sizes[min(burst, 100)] += 1


def _domains(post: OwnPost) -> list[str]:
    links = list(post.urls) or urls_in(post.text)
    found = []
    for link in links[:20]:
        host = link_domain(link)
        if host:
            found.append(registered_domain(host))
    return sorted(set(found))


def _fingerprint(text: str) -> str:
    return " ".join(content_terms(text))[:200]


def _quantile(counts: Counter[int], quantile: float) -> int:
    total = sum(counts.values())
    if total == 0:
        return 1
    running = 0
    for value in sorted(counts):
        running += counts[value]
        if running >= quantile * total:
            return value
    return max(counts)


# -- habit features (each notes its own deviations) -------------------------------------------


def _novelty_deviations(habits: AccountHabits, post: OwnPost, note: _Note) -> None:
    """New link domains, mentions and hashtags, weighed by how often the account brings new ones."""
    domains = _domains(post)
    new_domains = [d for d in domains if d not in habits.domains]
    if new_domains:
        usual = habits.novelty["domain"].mean if habits.novelty["domain"].count >= 5 else 0.5
        note(
            "domain",
            max(0.0, 1.0 - usual),
            Reason(
                "compromise.domain" if len(new_domains) == 1 else "compromise.domains",
                f"links to {'a new domain' if len(new_domains) == 1 else 'new domains'} "
                f"{', '.join(new_domains[:3])}",
                domains=tuple(new_domains[:3]),
            ),
        )
    for name, items, counter in (
        ("mentions", mentions(post.text), habits.mentions),
        ("hashtags", hashtags(post.text), habits.hashtags),
    ):
        new_items = [item for item in items if item not in counter]
        if items and len(new_items) == len(items):
            running = habits.novelty[name]
            usual = running.mean if running.count >= 5 else 0.5
            note(
                name,
                max(0.0, 1.0 - usual),
                Reason(
                    f"compromise.new_{name}",
                    f"{name} never used before: {', '.join(new_items[:3])}",
                    items=tuple(new_items[:3]),
                ),
            )


def _wording_deviations(habits: AccountHabits, post: OwnPost, note: _Note) -> None:
    """Vocabulary and length unlike the account's own posts."""
    terms = content_terms(post.text)
    if len(terms) >= 3:
        novelty = sum(1 for term in terms if term not in habits.vocabulary) / len(terms)
        percent = f"{100 * novelty:.0f}"
        running = habits.novelty["topic"]
        if running.count >= 10:
            limit = running.mean + 2.5 * max(running.spread, 0.05)
            if novelty > max(limit, 0.6):
                text = f"wording unlike the account's posts ({novelty:.0%} new words)"
                note("topic", 1.0, Reason("compromise.topic_unlike", text, percent=percent))
            elif novelty > max(running.mean + 1.5 * max(running.spread, 0.05), 0.5):
                text = f"wording unusual for the account ({novelty:.0%} new words)"
                note("topic", 0.5, Reason("compromise.topic_unusual", text, percent=percent))
    if habits.length.count >= 10:
        size = math.log1p(len(post.text))
        spread = max(habits.length.spread, 0.15)
        distance = abs(size - habits.length.mean) / spread
        if distance > 2:
            note(
                "length",
                1.0 if distance > 3 else 0.5,
                Reason(
                    "compromise.length",
                    f"length {len(post.text)} characters is unusual for the account",
                    length=len(post.text),
                ),
            )
