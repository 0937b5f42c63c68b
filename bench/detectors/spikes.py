"""Spikes: detection delay, missed surges and false alerts on streams built from real mentions.

Mention texts are real tweets (the complaints set's product and service tweets; TweetEval
sentiment validation tweets); times are synthetic: a Poisson stream per brand with a daily and
weekly rhythm, from quiet brands (a few mentions a day) to busy ones (hundreds). Complaint surges
(mostly negative texts, a shared hashtag) and neutral viral surges are injected after the first
two weeks, at any hour, ramping up over 20 to 90 minutes to 4-12 times the usual rate.

Runs twice: with each text's own label as `sentiment` (a perfect analysis engine) and without
(the detectors' lexicon fallback).

    .venv/bin/python -m bench.detectors.spikes
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from socialgov.engine.detectors.spikes import Mention, SpikeDetector

DATA = Path("/work/shared/data")
START = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
NEW_BRAND = "new-channel"


def texts() -> tuple[list[str], list[str]]:
    negative: list[str] = []
    other: list[str] = []
    with (DATA / "complaints-social-media/complaints-data.csv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle):
            if len(row) >= 3:
                (negative if row[2] == "1" else other).append(row[1])
    sentiment = DATA / "tweeteval/sentiment"
    for text, label in zip(
        (sentiment / "val_text.txt").read_text(encoding="utf-8").splitlines(),
        (sentiment / "val_labels.txt").read_text(encoding="utf-8").splitlines(),
        strict=True,
    ):
        (negative if label.strip() == "0" else other).append(text)
    return negative, other


@dataclass
class Surge:
    brand: str
    onset: datetime
    end: datetime
    negative: bool
    kind: str = "short"
    first_hour: int = 0  # surge mentions in its first hour: what an early alert can go on


def rate_shape(moment: datetime) -> float:
    """Relative mention rate: low at night, peaks late morning and evening, quieter weekends."""
    hour = moment.hour + moment.minute / 60
    day = 0.15 + math.exp(-((hour - 11) ** 2) / 8) + 0.7 * math.exp(-((hour - 20) ** 2) / 6)
    return day * (0.6 if moment.weekday() >= 5 else 1.0)


def surge_plans(
    rng: random.Random, minutes: int, *, first_minute: int
) -> list[tuple[int, int, int, float, int]]:
    """(onset minute, ramp, length, factor, waves) of a brand's surges, two days apart so each
    is judged alone. Three short ones (2-8 hours, one wave) and a busy day: 12-20 hours in two
    or three waves with lulls between them, ramping up slowly to 3-6 times the usual rate, the
    kind of incident whose own volume must not teach the baseline that it is normal."""
    onsets: list[int] = []
    while len(onsets) < 4:
        candidate = rng.randrange(first_minute, minutes - 1440)
        if all(abs(candidate - other) > 2 * 1440 for other in onsets):
            onsets.append(candidate)
    plans = []
    for count, onset in enumerate(onsets):
        if count == 3:
            plans.append(
                (
                    onset,
                    rng.randrange(120, 300),
                    rng.randrange(720, 1200),
                    rng.uniform(3, 6),
                    rng.choice([2, 3]),
                )
            )
        else:
            plans.append(
                (onset, rng.randrange(20, 90), rng.randrange(120, 480), rng.uniform(4, 12), 1)
            )
    return plans


def add_surge(
    surge_rate: np.ndarray,
    onset: int,
    ramp: int,
    length: int,
    peak: float,
    waves: int,
) -> None:
    """Ramp up, hold, fade; a surge in waves dips to a fifth of its peak between them."""
    for offset in range(length):
        minute = onset + offset
        if minute >= len(surge_rate):
            break
        ramp_share = min(1.0, (offset + 1) / ramp)
        decay = math.exp(-max(0, offset - length / 2) / (length / 4))
        wave = 1.0
        if waves > 1:
            phase = (offset / length) * waves
            wave = 0.2 + 0.8 * math.sin(math.pi * (phase % 1)) ** 2 if offset > ramp else 1.0
        surge_rate[minute] += peak * ramp_share * decay * wave


def build(seed: int, weeks: int) -> tuple[list[Mention], list[Surge], list[str], list[str]]:
    rng = random.Random(seed)
    numbers = np.random.default_rng(seed)
    negative, other = texts()
    daily_levels = [3, 5, 10, 20, 40, 80, 150, 300, 600, 1200]
    brands = [f"brand{index:02d}" for index in range(len(daily_levels))] + [NEW_BRAND]
    daily_levels.append(150)
    minutes = weeks * 7 * 24 * 60
    shape_per_minute = np.array(
        [rate_shape(START + timedelta(minutes=m)) for m in range(minutes)], dtype=float
    )
    shape_per_minute /= shape_per_minute.sum() / minutes
    surges: list[Surge] = []
    mentions: list[Mention] = []
    quiet = {brands[0], brands[1]}
    for brand, level in zip(brands, daily_levels, strict=True):
        base = shape_per_minute * (level / 1440)
        surge_rate = np.zeros(minutes)
        negative_share = np.full(minutes, 0.2)
        if brand == NEW_BRAND:
            # A channel registered in week 4 whose first day already has a surge.
            first = minutes - 10 * 1440
            base[:first] = 0
            plans = [(first + rng.randrange(360, 900), rng.randrange(20, 60), 240, 8.0, 1)]
        elif brand not in quiet:
            plans = surge_plans(rng, minutes, first_minute=14 * 1440)
        else:
            plans = []
        if plans:
            for count, (onset_minute, ramp, length, factor, waves) in enumerate(plans):
                peak = max(factor * level / 1440, 30 / 60)  # at least 30 mentions an hour
                is_negative = count != 2
                add_surge(surge_rate, onset_minute, ramp, length, peak, waves)
                negative_share[onset_minute : onset_minute + length] = 0.8 if is_negative else 0.2
                onset = START + timedelta(minutes=onset_minute)
                kind = "new channel" if brand == NEW_BRAND else "busy day" if waves > 1 else "short"
                end = onset + timedelta(minutes=length)
                surges.append(Surge(brand, onset, end, is_negative, kind))
        counts = numbers.poisson(base)
        surge_counts = numbers.poisson(surge_rate)
        for surge in surges[len(surges) - len(plans) :]:
            onset_minute = int((surge.onset - START).total_seconds() // 60)
            surge.first_hour = int(surge_counts[onset_minute : onset_minute + 60].sum())
        tag = f"#{brand}down"
        for found in np.nonzero(counts + surge_counts)[0]:
            minute = int(found)
            moment = START + timedelta(minutes=minute)
            for _ in range(int(counts[minute])):
                is_negative = rng.random() < 0.2
                text = rng.choice(negative if is_negative else other)
                mentions.append(
                    Mention(
                        f"{brand}-{len(mentions)}",
                        brand,
                        moment + timedelta(seconds=rng.randrange(60)),
                        text,
                        -1.0 if is_negative else 0.0,
                    )
                )
            for _ in range(int(surge_counts[minute])):
                is_negative = rng.random() < negative_share[minute]
                text = rng.choice(negative if is_negative else other)
                if rng.random() < 0.5:
                    text = f"{text} {tag}" if is_negative else f"{text} #{brand}viral"
                mentions.append(
                    Mention(
                        f"{brand}-{len(mentions)}",
                        brand,
                        moment + timedelta(seconds=rng.randrange(60)),
                        text,
                        -1.0 if is_negative else 0.0,
                    )
                )
    mentions.sort(key=lambda mention: mention.created_at)
    return mentions, surges, brands, sorted(quiet)


def print_kinds(
    surges: list[Surge], missed: list[Surge], delays: list[float], delay_kinds: list[str]
) -> None:
    parts = []
    for kind in ("short", "busy day", "new channel"):
        of_kind = [s for s in surges if s.kind == kind]
        found = len(of_kind) - sum(s.kind == kind for s in missed)
        prompt = sum(d <= 60 for d, k in zip(delays, delay_kinds, strict=True) if k == kind)
        parts.append(f"{kind}: {found}/{len(of_kind)} detected, {prompt} within an hour")
    print("  " + "; ".join(parts))


def evaluate(
    mentions: list[Mention], surges: list[Surge], brands: list[str], quiet: list[str], weeks: int
) -> None:
    detector = SpikeDetector()
    opened: list[tuple[str, datetime, dict[str, object]]] = []
    started = time.process_time()
    seen: set[tuple[object, object]] = set()
    for event in detector.run(mentions):
        key = (event.record["brand"], event.record["start"])
        if key not in seen:
            # The first event of an alert is sent when it opens: its 'peak' is that moment.
            seen.add(key)
            detected_at = datetime.fromisoformat(str(event.record["peak"]))
            opened.append((str(event.record["brand"]), detected_at, event.record))
    elapsed = time.process_time() - started

    delays = []
    delay_kinds: list[str] = []
    found: list[Surge] = []
    missed = []
    matched_alerts: set[int] = set()
    alerts_per_surge: list[int] = []
    for surge in surges:
        hits = [
            (index, at)
            for index, (brand, at, _) in enumerate(opened)
            if brand == surge.brand and surge.onset - timedelta(minutes=30) <= at <= surge.end
        ]
        if hits:
            delays.append((hits[0][1] - surge.onset).total_seconds() / 60)
            delay_kinds.append(surge.kind)
            found.append(surge)
            matched_alerts.update(index for index, _ in hits)
            alerts_per_surge.append(len(hits))
        else:
            missed.append(surge)
    false_alerts = [alert for index, alert in enumerate(opened) if index not in matched_alerts]
    after_warmup = [a for a in false_alerts if a[1] >= START + timedelta(days=14)]
    brand_weeks = len(brands) * weeks
    print(
        f"{len(mentions):,} mentions, {len(brands)} brands, {weeks} weeks: "
        f"{elapsed:.1f} s CPU ({len(mentions) / elapsed:,.0f} mentions/s)"
    )
    complaint = [s for s in surges if s.negative]
    print(
        f"surges detected {len(surges) - len(missed)}/{len(surges)} "
        f"(complaint surges {len(complaint) - sum(s.negative for s in missed)}/{len(complaint)})"
    )
    print_kinds(surges, missed, delays, delay_kinds)
    if alerts_per_surge:
        repeated = sum(count > 1 for count in alerts_per_surge)
        print(
            f"alerts per surge: max {max(alerts_per_surge)}, surges with more than one {repeated}"
            f" (a surge that flares up again reopens its alert)"
        )
    if delays:
        ordered = sorted(delays)
        print(
            f"delay from onset: median {ordered[len(ordered) // 2]:.0f} min, "
            f"max {ordered[-1]:.0f} min, within an hour {sum(d <= 60 for d in delays)}/"
            f"{len(delays)}"
        )
    print(
        f"false alerts: {len(false_alerts)} in {brand_weeks} brand-weeks "
        f"({len(false_alerts) / brand_weeks:.2f} per brand per week; after the 2-week warm-up "
        f"{len(after_warmup)}, {len(after_warmup) / (len(brands) * (weeks - 2)):.2f}); "
        f"on quiet brands {sum(a[0] in quiet for a in false_alerts)}"
    )
    for brand, at, record in false_alerts[:4]:
        print(
            f"  false alert {brand} at {at:%a %d %H:%M}: {record['kind']} score {record['score']} "
            f"baseline {record['baseline']} observed {record['observed']} "
            f"confidence {record['confidence']}"
        )
    late = [(surge, delay) for surge, delay in zip(found, delays, strict=True) if delay > 60]
    for surge, delay in late:
        print(
            f"  late {surge.brand} {surge.kind} surge: alerted after {delay:.0f} min, "
            f"{surge.first_hour} surge mentions in its first hour"
        )
    for surge in missed[:6]:
        print(
            f"  missed {surge.brand} surge at {surge.onset:%a %H:%M} "
            f"({'complaint' if surge.negative else 'viral'}, {surge.kind})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--weeks", type=int, default=6)
    arguments = parser.parse_args()
    mentions, surges, brands, quiet = build(arguments.seed, arguments.weeks)
    print("-- with the texts' own sentiment labels")
    evaluate(mentions, surges, brands, quiet, arguments.weeks)
    print("-- without sentiment (lexicon fallback)")
    unlabelled = [Mention(m.id, m.brand, m.created_at, m.text, None) for m in mentions]
    evaluate(unlabelled, surges, brands, quiet, arguments.weeks)


if __name__ == "__main__":
    main()
