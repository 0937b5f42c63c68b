"""A believable, deterministic stream of posts about the demo organisation, in Dutch, French
and English: complaints, praise, insults, leaked personal data and secrets. Used by the demo
(so the inbox shows activity on first start), by replay tests and by the pipeline benchmark."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# (platform, channel handle): who the stream talks about. Handles as the channel register
# stores them (lower case).
TARGETS = [
    ("x", "mosa_help"),
    ("x", "mosa_be"),
    ("x", "mosa_aide"),
    ("facebook", "mosaverzekeringen"),
    ("facebook", "assurancesmosa"),
]

COMPLAINTS = [
    "@{h} nog steeds geen antwoord op mijn schadeclaim, dit is schandalig",
    "@{h} toujours pas de réponse pour mon remboursement, c'est une arnaque",
    "@{h} still waiting for my refund after 6 weeks, worst insurer ever",
    "@{h} waardeloze klantendienst, drie keer gebeld en niemand helpt",
    "@{h} service client nul, je change d'assurance",
]
PRAISE = [
    "@{h} bedankt voor de snelle hulp vandaag!",
    "@{h} merci pour votre aide rapide",
    "@{h} great service, claim paid in two days",
    "Fijne ervaring met @{h}, vriendelijk en snel",
]
INSULTS = [
    "@{h} jullie zijn een stel idioten",
    "@{h} bande de connards, rendez-moi mon argent",
    "@{h} you stupid idiots lost my file again",
]
NEUTRAL = [
    "Heeft iemand ervaring met @{h} voor een autoverzekering?",
    "Quelqu'un connaît @{h} pour l'assurance habitation ?",
    "Comparing home insurance, @{h} looks ok",
]
PERSONAL = [
    "@{h} mijn polisnummer is 12345, bel me op 0478 12 34 56 of mail jan.peeters@example.com",
    "@{h} mon IBAN est BE71 0961 2345 6769, remboursez-moi",
]
LEAKS = [
    "Gelekt: vertrouwelijk intern memo van @{h} over ontslagen",
    "Document confidentiel de @{h} circule sur un forum",
]
INTERNAL = [
    "Nieuwe login voor de webcare tool: wachtwoord: Zomer2026! niet verder delen",
    "Wie neemt de shift van zaterdag over?",
    "Klant dreigt met de pers, kan iemand van legal meekijken?",
]


def _author(index: int) -> dict[str, Any]:
    own = random.Random(index)  # an author keeps their audience from post to post
    big = own.random() < 0.15
    return {
        "id": f"demo-author-{index}",
        "handle": f"@user{index}",
        "display_name": f"User {index}",
        "followers": own.randint(2_000, 80_000) if big else own.randint(3, 900),
    }


def stream(
    count: int, *, seed: int = 7, start: dt.datetime | None = None
) -> Iterator[dict[str, Any]]:
    """`count` posts in the exchange format, one every few seconds from `start`."""
    rng = random.Random(seed)
    when = start or dt.datetime.now(dt.UTC) - dt.timedelta(hours=6)
    kinds = [
        (COMPLAINTS, 0.25),
        (PRAISE, 0.25),
        (NEUTRAL, 0.3),
        (INSULTS, 0.1),
        (PERSONAL, 0.04),
        (LEAKS, 0.02),
        (INTERNAL, 0.04),
    ]
    pools = [pool for pool, _ in kinds]
    weights = [weight for _, weight in kinds]
    for index in range(count):
        when += dt.timedelta(seconds=rng.randint(1, 20))
        pool = rng.choices(pools, weights)[0]
        platform, handle = rng.choice(TARGETS)
        item: dict[str, Any] = {
            "platform": platform,
            "id": f"demo-{seed}-{index}",
            "text": rng.choice(pool).format(h=handle),
            "created_at": when.isoformat(),
            "author": _author(rng.randint(1, max(10, count // 5))),
            "likes": rng.randint(0, 50),
        }
        if pool is INTERNAL:
            item.update(platform="viva_engage", channel="mosa webcare", kind="internal")
            item["text"] = rng.choice(INTERNAL)
        elif pool is INSULTS and platform == "facebook":
            item["kind"] = "comment"
            item["channel"] = handle
        yield item


def write_stream(
    path: Path, count: int, *, seed: int = 7, start: dt.datetime | None = None
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for item in stream(count, seed=seed, start=start):
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


# The demo week: quiet, ordinary mentions with a daily rhythm, then a complaint surge about the
# help desk in the last hour, so the spike detector has a baseline and something to see.
SURGE_TARGET = ("x", "mosa_help")
SURGE = [
    "@{h} app en website liggen al uren plat, niemand kan een schade melden #mosaplat",
    "@{h} impossible de déclarer un sinistre, le site est en panne depuis ce matin #mosaplat",
    "@{h} your claims site has been down all morning, this is a joke #mosaplat",
    "@{h} al drie uur in de wachtrij en de site werkt niet #mosaplat",
]


def _hourly_rate(hour: int) -> float:
    """Mentions an hour per channel: quiet nights, busy office hours and evenings."""
    if 8 <= hour < 18:
        return 2.0
    if 18 <= hour < 23:
        return 1.2
    return 0.2


def week_stream(
    *, now: dt.datetime, days: int = 7, seed: int = 7, surge_posts: int = 150
) -> Iterator[dict[str, Any]]:
    """`days` of ordinary mentions on every target up to `now`, ending in a surge on the
    help desk over the last hour; in time order."""
    rng = random.Random(seed)
    items: list[dict[str, Any]] = []
    start = now - dt.timedelta(days=days)
    for platform, handle in TARGETS:
        moment = start
        while moment < now - dt.timedelta(hours=1):
            moment += dt.timedelta(minutes=rng.expovariate(_hourly_rate(moment.hour)) * 60)
            pool = rng.choices([PRAISE, NEUTRAL, COMPLAINTS], [0.35, 0.45, 0.2])[0]
            items.append(_mention(platform, handle, moment, rng.choice(pool), rng, len(items)))
    platform, handle = SURGE_TARGET
    for index in range(surge_posts):
        moment = now - dt.timedelta(hours=1) + dt.timedelta(seconds=index * 3600 / surge_posts)
        items.append(_mention(platform, handle, moment, rng.choice(SURGE), rng, len(items)))
    items.sort(key=lambda item: dt.datetime.fromisoformat(str(item["created_at"])))
    yield from items


def _mention(
    platform: str, handle: str, moment: dt.datetime, text: str, rng: random.Random, index: int
) -> dict[str, Any]:
    return {
        "platform": platform,
        "id": f"demo-week-{index}",
        "text": text.format(h=handle),
        "created_at": moment.isoformat(),
        "author": _author(rng.randint(1, 400)),
        "likes": rng.randint(0, 20),
    }


def write_demo_week(
    path: Path, *, count: int = 600, now: dt.datetime | None = None, days: int = 7
) -> Path:
    """The demo's recorded week in time order: ordinary mentions with a daily rhythm, the
    `count` posts of `stream` (insults, personal data, leaks...) spread over the same days, and
    the help desk's surge in the last hour."""
    now = now or dt.datetime.now(dt.UTC)
    rng = random.Random(count)
    spread = []
    for item in stream(count):
        offset = rng.uniform(1, days * 24) * 3600  # never inside the surge's last hour
        spread.append({**item, "created_at": (now - dt.timedelta(seconds=offset)).isoformat()})
    items = [*week_stream(now=now, days=days), *spread, *impostor_and_takeover(now)]
    items.sort(key=lambda item: dt.datetime.fromisoformat(str(item["created_at"])))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return path


# An impersonator of the help desk ('1' for 'l') asking customers for their details, and a
# takeover of the main account posting the same crypto giveaway from an app it never uses, so
# the triage list and a takeover alert with its reasons have something to show.
IMPOSTOR = {"id": "demo-impostor", "handle": "@mosa_he1p", "display_name": "Mosa Help"}
IMPOSTOR_TEXT = "@mosa_help Stuur ons uw polisnummer en IBAN in een DM, dan lossen we het op"
TAKEOVER_CHANNEL = ("x", "mosa_be")
TAKEOVER_TEXT = (
    "Mosa viert 10 jaar: gratis crypto voor iedereen! Koppel je wallet op "
    "https://mosa-gift.xyz/claim"
)


def impostor_and_takeover(now: dt.datetime) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for index in range(3):
        items.append(
            {
                "platform": "x",
                "id": f"demo-impostor-{index}",
                "text": IMPOSTOR_TEXT,
                "created_at": (now - dt.timedelta(hours=5, minutes=20 * index)).isoformat(),
                "author": {**IMPOSTOR, "followers": 12},
            }
        )
    platform, handle = TAKEOVER_CHANNEL
    for index in range(4):
        items.append(
            {
                "platform": platform,
                "id": f"demo-takeover-{index}",
                "kind": "own_post",
                "channel": handle,
                "text": TAKEOVER_TEXT,
                "created_at": (now - dt.timedelta(hours=3, minutes=-2 * index)).isoformat(),
                "author": {"id": f"id-{handle}", "handle": f"@{handle}"},
                "source": "IFTTT",
            }
        )
    return items
