"""Account compromise: share of injected takeover posts flagged vs share of normal posts flagged.

Three organisation accounts get a year-like history in a brand's own voice (compromise_voice:
templated announcements, customer-care replies and leadership posts, 70% by default) mixed with
real tweets (XLM-T English and French sentiment sets, the rest): posting in office hours on
weekdays with the odd evening or weekend post, mostly from one scheduling tool, in the
account's languages, linking its own site and a few news sites, with campaign days of ten
posts or more. Takeover episodes are injected into the second half: crypto giveaways,
phishing, vandalism with real offensive tweets (TweetEval), and mass posting, each from a
usual or an unusual client at any hour.

    .venv/bin/python -m bench.detectors.compromise [--seed 13]

Seeds 1, 2, 5, 11 and 12 were looked at while writing and tuning the detector and its lexicon;
its figures are reported on seeds 13 and 14, the default being 13. The tone feature (toxicity
plus negativity, for vandalism from the usual client) was tuned on seeds 1-5 and is reported on
seeds 21 and 22. With the brand-voice history (issue 13, third pass), the tone's weights, its
new-words gate, one sign for tone and toxicity together and the rarity rule for toxicity were
tuned on seeds 1-5 and are reported on seeds 31 and 32; --brand-share 0 gives the earlier
history of random people's tweets only. The history's tweets are XLM-T English and French
train rows, which the sentiment model trained on, so normal posts' negativity here is lower
than on unseen text.
The scam and phishing posts are seven sentences written beside the takeover lexicon
(SCAMS, PHISHING): a seed changes
which of them are drawn, not the wording, so their rates show the lexicon covers its own
examples, not how it does on scams it has not seen.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.detectors.compromise_voice import brand_post
from socialgov.engine.analyzers.registry import Batch
from socialgov.engine.analyzers.shared import hate_scores, offensive_scores, sentiment_scores
from socialgov.engine.detectors.compromise import (
    CompromiseDetector,
    CompromiseSettings,
    OwnPost,
)
from socialgov.engine.types import Post

DATA = Path("/work/shared/data")


def lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def labelled(folder: Path, split: str, keep: set[str]) -> list[str]:
    texts = (folder / f"{split}_text.txt").read_text(encoding="utf-8").splitlines()
    labels = (folder / f"{split}_labels.txt").read_text(encoding="utf-8").splitlines()
    return [t.strip() for t, label in zip(texts, labels, strict=True) if label.strip() in keep]


def with_toxicity(posts: list[OwnPost]) -> list[OwnPost]:
    """The toxicity and negativity scores the analysis stage gives each post before the
    detectors run."""
    batch = Batch([Post(post.id, post.text, post.lang) for post in posts])
    offensive = offensive_scores(batch)
    hate = hate_scores(batch)
    labels, sentiment = sentiment_scores(batch)
    negative = sentiment[:, labels.index("negative")]
    return [
        OwnPost(
            **{
                **post.__dict__,
                "toxicity": round(max(float(o), float(h) * 0.9), 3),
                "negativity": round(float(n), 3),
            }
        )
        for post, o, h, n in zip(posts, offensive, hate, negative, strict=True)
    ]


@dataclass
class Account:
    name: str
    languages: dict[str, float]
    sources: dict[str, float]
    own_domain: str
    hashtags: list[str]


ACCOUNTS = [
    Account(
        "acme_be",
        {"en": 0.6, "fr": 0.4},
        {"Hootsuite Inc.": 0.85, "Twitter Web App": 0.15},
        "acme.be",
        ["#acme", "#belgium", "#service"],
    ),
    Account(
        "acme_care",
        {"en": 1.0},
        {"Sprinklr": 0.95, "Twitter for iPhone": 0.05},
        "help.acme.com",
        ["#acmehelp"],
    ),
    Account(
        "acme_ceo",
        {"en": 0.8, "fr": 0.2},
        {"Twitter for iPhone": 0.7, "Twitter Web App": 0.3},
        "acme.com",
        ["#leadership", "#acme"],
    ),
]
NEWS = ["lesoir.be", "standaard.be", "bbc.co.uk", "reuters.com", "ft.com"]
SCAM_DOMAINS = ["acme-gift.xyz", "claim-btc.live", "secure-verify.top", "bit.ly", "airdrop.gg"]


def pick(weights: dict[str, float], rng: random.Random) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def normal_history(
    account: Account,
    texts: dict[str, list[str]],
    rng: random.Random,
    days: int,
    brand_share: float,
) -> list[OwnPost]:
    posts: list[OwnPost] = []
    start = datetime(2025, 9, 1, tzinfo=UTC)
    for day in range(days):
        date = start + timedelta(days=day)
        weekend = date.weekday() >= 5
        count = rng.choice([0, 0, 1]) if weekend else rng.randrange(1, 6)
        if not weekend and rng.random() < 0.04:
            count = rng.randrange(10, 18)  # a campaign day
        for _ in range(count):
            hour = rng.choice([18, 19, 20, 21]) if rng.random() < 0.08 else rng.randrange(7, 17)
            if rng.random() < 0.03:
                hour = rng.randrange(0, 6)  # travelling, or a late-night incident
            moment = date + timedelta(hours=hour, minutes=rng.randrange(60))
            language = pick(account.languages, rng)
            if rng.random() < 0.04:
                language = rng.choice(["en", "fr"])  # a one-off post in the other language
            if rng.random() < brand_share:
                text = brand_post(account.name, language, rng)
            else:
                text = rng.choice(texts[language]).replace("http", "").strip()
            urls = []
            roll = rng.random()
            if roll < 0.3:
                urls = [f"https://{account.own_domain}/p/{rng.randrange(10**5)}"]
            elif roll < 0.42:
                urls = [f"https://www.{rng.choice(NEWS)}/a/{rng.randrange(10**5)}"]
            elif roll < 0.45:
                urls = [f"https://new-site-{rng.randrange(10**4)}.com/"]
            if rng.random() < 0.3:
                text += " " + rng.choice(account.hashtags)
            posts.append(
                OwnPost(
                    id=f"{account.name}-{len(posts)}",
                    account=account.name,
                    created_at=moment,
                    text=text,
                    # Now and then someone posts from their phone or another tool.
                    source=pick(account.sources, rng)
                    if rng.random() > 0.03
                    else rng.choice(["Twitter for Android", "LinkedIn", "Instagram", "TweetDeck"]),
                    lang=language,
                    urls=tuple(urls),
                )
            )
    posts.sort(key=lambda post: post.created_at)
    return posts


SCAMS = [
    "Huge giveaway! We are giving away 5,000 BTC to our followers. Send 0.1 BTC and get 0.2 back",
    "To celebrate 10 years we airdrop free tokens to everyone. Connect your wallet to claim now",
    "Limited time: double your crypto with our new investment opportunity. DM us to join",
    "Nous offrons des bitcoins à nos abonnés ! Envoyez 0,1 BTC et recevez-en le double",
]
PHISHING = [
    "Your account has been flagged for unusual activity. Verify your account here to keep it",
    "Security notice: all customers must confirm their card details today at the link below",
    "We detected a problem with your order. Click the link to update your payment information",
]


def takeover_episode(
    account: Account,
    moment: datetime,
    kind: str,
    offensive: list[str],
    rng: random.Random,
    number: int,
) -> list[OwnPost]:
    usual_source = max(account.sources, key=lambda s: account.sources[s])
    source = (
        usual_source
        if rng.random() < 0.4 or kind == "vandalism, usual client"
        else rng.choice(["Twitter for Android", "Twitter Web App", "IFTTT", "Buffer"])
    )
    if kind == "vandalism, usual client":
        # Someone with the team's own session: office hours, the usual tool and language.
        moment = moment.replace(hour=rng.randrange(9, 16))
    posts = []
    size = {
        "scam": rng.randrange(1, 4),
        "phishing": rng.randrange(1, 3),
        "vandalism": rng.randrange(1, 4),
        "vandalism, usual client": rng.randrange(1, 4),
        "mass posting": rng.randrange(6, 12),
    }[kind]
    text = rng.choice(SCAMS)
    for index in range(size):
        when = moment + timedelta(minutes=index * rng.randrange(1, 5))
        urls: tuple[str, ...] = ()
        if kind == "scam":
            text = rng.choice(SCAMS)
            urls = (f"https://{rng.choice(SCAM_DOMAINS)}/{rng.randrange(10**6)}",)
        elif kind == "phishing":
            text = rng.choice(PHISHING)
            urls = (f"https://{rng.choice(SCAM_DOMAINS)}/login",)
        elif kind.startswith("vandalism"):
            text = rng.choice(offensive).replace("@user", "").strip()
        else:
            urls = (f"https://{SCAM_DOMAINS[1]}/{number}",)
        posts.append(
            OwnPost(
                id=f"takeover-{number}-{index}",
                account=account.name,
                created_at=when,
                text=text,
                source=source,
                lang="en",
                urls=urls,
            )
        )
    return posts


def run(seed: int, days: int, weight: float, brand_share: float) -> None:
    rng = random.Random(seed)
    # A brand account's own voice is neutral or positive (XLM-T's labels 1 and 2, not ours).
    sentiment = DATA / "xlm-t-multilingual-sentiment"
    texts = {
        "en": labelled(sentiment / "english", "train", {"1", "2"}),
        "fr": labelled(sentiment / "french", "train", {"1", "2"}),
    }
    # Vandalism: tweets annotated offensive or hateful in TweetEval's validation splits, which
    # the toxicity models never trained on.
    offensive = labelled(DATA / "tweeteval/offensive", "val", {"1"})
    offensive += labelled(DATA / "tweeteval/hate", "val", {"1"})

    stream: list[OwnPost] = []
    episodes = 0
    kinds = ["scam", "phishing", "vandalism", "vandalism, usual client", "mass posting"]
    takeover_kind: dict[str, str] = {}
    for account in ACCOUNTS:
        history = normal_history(account, texts, rng, days, brand_share)
        stream.extend(history)
        second_half = history[len(history) // 2 :]
        for _ in range(10):
            kind = kinds[episodes % len(kinds)]
            anchor = rng.choice(second_half).created_at
            moment = anchor.replace(hour=rng.randrange(24), minute=rng.randrange(60))
            for post in takeover_episode(account, moment, kind, offensive, rng, episodes):
                stream.append(post)
                takeover_kind[post.id] = kind
            episodes += 1
    stream.sort(key=lambda post: post.created_at)
    stream = with_toxicity(stream)

    detector = CompromiseDetector(settings=CompromiseSettings(alert_weight=weight))
    started = time.process_time()
    flagged = {alert.post_id: alert for alert in detector.run(stream)}
    elapsed = time.process_time() - started

    warm: Counter[str] = Counter()
    normal_total = normal_flagged = 0
    seen: Counter[str] = Counter()
    for post in stream:
        if post.id in takeover_kind:
            continue
        seen[post.account] += 1
        if seen[post.account] <= detector.settings.warmup_posts:
            warm[post.account] += 1
            continue
        normal_total += 1
        normal_flagged += post.id in flagged
    by_kind: Counter[str] = Counter(takeover_kind.values())
    caught: Counter[str] = Counter(kind for pid, kind in takeover_kind.items() if pid in flagged)
    total_takeover = len(takeover_kind)
    print(
        f"accounts {len(ACCOUNTS)}, normal posts {normal_total} (after warm-up), "
        f"takeover posts {total_takeover} in {episodes} episodes; {elapsed:.2f} s CPU "
        f"({len(stream) / elapsed:,.0f} posts/s)"
    )
    print(
        f"takeover posts flagged {sum(caught.values()) / total_takeover:.3f}; "
        f"normal posts flagged {normal_flagged / normal_total:.4f}"
    )
    for kind in kinds:
        print(f"  {kind:23s} {caught[kind]}/{by_kind[kind]} flagged")
    examples = [alert for pid, alert in flagged.items() if pid not in takeover_kind][:3]
    for alert in examples:
        print(f"  false alert {alert.post_id}: {alert.score:.2f} {alert.reasons}")
    missed = [pid for pid in takeover_kind if pid not in flagged][:3]
    by_id = {post.id: post for post in stream}
    for pid in missed:
        post = by_id[pid]
        print(
            f"  missed {pid} ({takeover_kind[pid]}, {post.source}, "
            f"{post.created_at:%a %H:%M}): {post.text[:60]!r}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--days", type=int, default=240)
    parser.add_argument("--weights", default=str(CompromiseSettings.alert_weight))
    parser.add_argument(
        "--brand-share",
        type=float,
        default=0.7,
        help="share of the history in the brand's own voice (the rest: real tweets); 0 gives "
        "the history of random people's tweets the bench used before",
    )
    arguments = parser.parse_args()
    for weight in arguments.weights.split(","):
        print(f"-- alert weight {weight}, brand voice {arguments.brand_share:.0%} of the history")
        run(arguments.seed, arguments.days, float(weight), arguments.brand_share)


if __name__ == "__main__":
    main()
