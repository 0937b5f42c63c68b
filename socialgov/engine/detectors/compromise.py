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

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from socialgov.engine.detectors.compromise_features import (
    account_event_deviations,
    client_deviations,
    content_deviations,
    count_quantile,
    hour_deviation,
    novelty_deviations,
    post_domains,
    wording_deviations,
)
from socialgov.engine.detectors.compromise_model import AccountHabits, Note
from socialgov.engine.detectors.compromise_model import Deletion as Deletion
from socialgov.engine.detectors.compromise_model import OwnPost as OwnPost
from socialgov.engine.detectors.compromise_model import ProfileChange as ProfileChange
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
    mentions,
)
from socialgov.engine.reasons import Reason


def _wording(section: str) -> re.Pattern[str]:
    """One pattern for a section of lexicons/takeover.json, in all its languages."""
    data = json.loads((Path(__file__).parent / "lexicons" / "takeover.json").read_text("utf-8"))
    entries = sorted({entry for words in data[section].values() for entry in words}, key=len)
    parts = []
    for entry in reversed(entries):  # longest first, so 'claim your' wins over 'claim'
        pattern = re.escape(entry.lower()).replace(r"\ ", r"\s+").replace("<n>", r"\d[\d.,]*")
        parts.append(pattern[:-2] + r"\w*" if pattern.endswith(r"\*") else pattern)
    return re.compile(r"(?<!\w)(" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_SCAM = _wording("scam")
_PHISHING = _wording("phishing")
# Vandalism after a takeover: insults and slurs an organisation's account does not use.
_ABUSE = re.compile(
    r"\b(fuck\w*|shit\w*|bitch\w*|asshole\w*|bastard\w*|idiot\w*|moron\w*|stupid|dumb|"
    r"retard\w*|whore\w*|slut\w*|nazi\w*|scum|trash|kill\s+(yourself|them|all)|"
    r"kut|klootzak\w*|hoer\w*|lul|putain|merde|connard\w*|salope\w*|encul\w*)\b",
    re.IGNORECASE,
)


def parse_own_record(record: dict[str, Any]) -> OwnPost | ProfileChange | Deletion:
    """A post; a profile change when the record says `"event": "profile_change"`; a deleted
    post when it says `"event": "delete"`."""
    account = text_field(record, "account", required=True, limit=200)
    created_at = parse_timestamp(record.get("created_at"))
    if record.get("event") == "profile_change":
        return ProfileChange(account, created_at, tuple(string_list_field(record, "changes")))
    if record.get("event") not in (None, "", "post"):
        if record.get("event") == "delete":
            return Deletion(account, created_at, text_field(record, "id", limit=200))
        raise RecordError("'event' must be 'post', 'profile_change' or 'delete'")
    return OwnPost(
        id=text_field(record, "id", required=True, limit=200),
        account=account,
        created_at=created_at,
        text=text_field(record, "text"),
        source=text_field(record, "source", limit=200).strip(),
        lang=text_field(record, "lang", limit=20).strip().lower(),
        urls=tuple(string_list_field(record, "urls", limit=50)),
        toxicity=_score_field(record, "toxicity"),
        negativity=_score_field(record, "negativity"),
    )


def _score_field(record: dict[str, Any], name: str) -> float | None:
    value = record.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise RecordError(f"'{name}' must be a number from 0 to 1")
    return float(value)


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
    "deletions": 1.0,
    "abuse": 1.0,
    "episode": 1.0,
    "toxicity": 2.5,
    "mass_mentions": 1.0,
    "tone": 2.5,
}
# Content so unlike the account that it alerts without a second deviating habit.
_DECISIVE = ("toxicity", "tone")


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


def _capped_update(counter: Counter[str], items: Iterable[str], capacity: int) -> None:
    counter.update(items)
    if len(counter) > capacity:
        kept = counter.most_common(capacity // 2)
        counter.clear()
        counter.update(dict(kept))


class CompromiseDetector:
    """Feed own posts (and profile changes) in time order; alerts come back per post."""

    def __init__(self, *, settings: CompromiseSettings | None = None) -> None:
        self.settings = settings or CompromiseSettings()
        self.accounts: dict[str, AccountHabits] = {}
        self.dropped_accounts = 0

    def run(
        self, records: Iterable[OwnPost | ProfileChange | Deletion]
    ) -> Iterator[CompromiseAlert]:
        for record in records:
            alert = self.add(record)
            if alert is not None:
                yield alert

    def add(self, record: OwnPost | ProfileChange | Deletion) -> CompromiseAlert | None:
        if not in_range(record.created_at):
            return None
        habits = self.accounts.get(record.account)
        if habits is None:
            if len(self.accounts) >= self.settings.max_accounts:
                self.dropped_accounts += 1
                return None
            habits = self.accounts[record.account] = AccountHabits()
        if isinstance(record, ProfileChange):
            habits.profile_changes.append(record)
            return None
        if isinstance(record, Deletion):
            habits.deletions.append(record.created_at)
            return None
        features, reasons = self._deviations(habits, record)
        weight = sum(WEIGHTS[name] * value for name, value in features.items())
        deviating = _independent_deviations(features)
        decisive = any(features.get(name, 0.0) >= 1.0 for name in _DECISIVE)
        alert = None
        if weight >= self.settings.alert_weight and (
            deviating >= self.settings.min_deviating_features or decisive
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

        text = post.text[:5000]
        scam_words = sorted(
            {m.group(0).lower() for pattern in (_SCAM, _PHISHING) for m in pattern.finditer(text)}
        )
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

        account_event_deviations(habits, post, self.settings.profile_change_window, note)

        abusive = sorted({m.group(0).lower() for m in _ABUSE.finditer(post.text[:5000])})
        # The analyzer's toxicity score, where given, says the same more precisely.
        if abusive and habits.posts >= 10 and post.toxicity is None:
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
        content_deviations(habits, post, note)
        return features, reasons

    def _habit_deviations(
        self, habits: AccountHabits, post: OwnPost, note: Note, burst: int
    ) -> None:
        hour_deviation(habits, post, note)
        client_deviations(habits, post, note)
        novelty_deviations(habits, post, note)
        wording_deviations(habits, post, note)
        usual_burst = count_quantile(habits.burst_sizes, 0.99)
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
        domains = post_domains(post)
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
        if post.toxicity is not None:
            habits.toxicity.append(post.toxicity)
            if post.negativity is not None:
                habits.tones.append((post.toxicity, post.negativity))
        habits.mention_counts[min(len(set(mentions(post.text))), 50)] += 1
        window_start = post.created_at - self.settings.burst_window
        burst = sum(1 for moment, _ in habits.recent if moment >= window_start)
        habits.burst_sizes[min(burst, 100)] += 1


# Features read from the same analyzer scores: together they are one sign, not two.
_SAME_SIGN = {"tone": "hostility", "toxicity": "hostility", "abuse": "hostility"}


def _independent_deviations(features: dict[str, float]) -> int:
    return len({_SAME_SIGN.get(name, name) for name, value in features.items() if value >= 0.5})


def _fingerprint(text: str) -> str:
    return " ".join(content_terms(text))[:200]
