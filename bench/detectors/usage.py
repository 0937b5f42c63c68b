"""Working-hours usage: proxy log lines per second, memory as the log grows, and the report's
privacy properties.

A synthetic Squid native log for 400 people in 12 org units over two working weeks, written
to a temporary file line by line (never held in memory): most requests go to ordinary sites,
a session on a social platform starts on a share (--social-share) of the others and lasts
one to fifteen minutes, during which half of that person's requests go to the platform.
`--social-share 0.15` makes a log where most requests are social (the slow path): the worst
case. It is then read the
way the app reads an upload (bounded lines, UTF-8 with replacement, the fast Squid path), and
the resident memory is sampled every million lines: flat memory shows as the same figure.

    .venv/bin/python -m bench.detectors.usage [--lines 10000000] [--social-share 0.15]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from socialgov.engine.detectors.proxy_logs import read_people
from socialgov.engine.detectors.streams import bounded_lines
from socialgov.engine.detectors.usage import UsageAggregator, UsageSettings, aggregate_squid

BRUSSELS = ZoneInfo("Europe/Brussels")
SOCIAL = [
    "www.facebook.com",
    "static.xx.fbcdn.net",
    "www.instagram.com",
    "x.com",
    "www.linkedin.com",
    "www.tiktok.com",
    "www.youtube.com",
    "i.ytimg.com",
]
OTHER = [
    "intranet.acme.be",
    "mail.acme.be",
    "www.google.com",
    "docs.acme.be",
    "www.bbc.co.uk",
    "update.microsoft.com",
    "cdn.jsdelivr.net",
    "teams.microsoft.com",
]
WORKING_DAYS = [0, 1, 2, 3, 4, 7, 8, 9, 10, 11]  # two weeks from Monday 2 March 2026
SAMPLE_EVERY = 1_000_000


def people_of(rng: random.Random) -> list[tuple[str, str]]:
    units = {f"unit{index:02d}": rng.randrange(3, 60) for index in range(12)}
    return [
        (f"user{1000 + number}", unit)
        for number, unit in enumerate(unit for unit, size in units.items() for _ in range(size))
    ]


def log_lines(lines: int, social_share: float, people: list[str], seed: int) -> Iterator[str]:
    """`lines` Squid lines in time order, from 08:00 to 18:00 on each working day."""
    rng = random.Random(seed)
    seconds = len(WORKING_DAYS) * 10 * 3600
    step = seconds / lines
    start = datetime(2026, 3, 2, 8, tzinfo=BRUSSELS)
    sessions: dict[str, tuple[str, float]] = {}  # user -> (platform host, session end)
    for number in range(lines):
        offset = number * step
        day = WORKING_DAYS[int(offset // 36000)]
        stamp = (start + timedelta(days=day)).timestamp() + offset % 36000
        user = people[rng.randrange(len(people))]
        session = sessions.get(user)
        if session is not None and session[1] >= stamp:
            # In a session, half of a person's requests still go elsewhere (mail, intranet).
            host = session[0] if rng.random() < 0.5 else OTHER[rng.randrange(len(OTHER))]
        elif rng.random() < social_share:
            host = rng.choice(SOCIAL)
            sessions[user] = (host, stamp + rng.randrange(60, 900))
        else:
            host = OTHER[rng.randrange(len(OTHER))]
        client = f"10.1.{rng.randrange(255)}.{rng.randrange(255)}"
        size = rng.randrange(200, 90000)
        yield (
            f"{stamp:.3f}    {rng.randrange(5, 900)} {client} TCP_TUNNEL/200 {size} "
            f"CONNECT {host}:443 {user} HIER_DIRECT/192.0.2.1 -\n"
        )


def resident_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--social-share", type=float, default=0.005)
    parser.add_argument("--seed", type=int, default=2)
    arguments = parser.parse_args()
    key = b"bench-key-0123456789abcdef"
    rng = random.Random(arguments.seed)
    people = people_of(rng)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        people_csv = "user,org_unit\n" + "".join(f"{user},{unit}\n" for user, unit in people)
        log_path = folder / "access.log"
        made = time.perf_counter()
        with log_path.open("w", encoding="utf-8") as log:
            log.writelines(
                log_lines(
                    arguments.lines, arguments.social_share, [u for u, _ in people], arguments.seed
                )
            )
        made = time.perf_counter() - made
        size = log_path.stat().st_size
        settings = UsageSettings(key=key, zone=BRUSSELS)
        aggregator = UsageAggregator(
            settings, read_people(io.StringIO(people_csv).readlines(), key=key)
        )
        samples: list[tuple[int, float]] = []
        rejected = 0

        def reject(_bad: object) -> None:
            nonlocal rejected
            rejected += 1

        def sampled(lines: Iterator[str]) -> Iterator[str]:
            for number, line in enumerate(lines, start=1):
                if number % SAMPLE_EVERY == 0:
                    samples.append((number, resident_mb()))
                yield line

        wall, cpu = time.perf_counter(), time.process_time()
        with log_path.open("rb") as binary:
            text = io.TextIOWrapper(binary, encoding="utf-8", errors="replace", newline="")
            aggregate_squid(
                aggregator, sampled(bounded_lines(text, limit=100_000)), on_bad_line=reject
            )
        report = aggregator.report(generated_at=datetime(2026, 3, 20, tzinfo=UTC))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        text_report = json.dumps(report)
    shown = [row for row in report["org_units"] if not row["suppressed"]]
    print(
        f"log: {arguments.lines:,} lines, {size / 1e9:.2f} GB, "
        f"{report['social_media_requests'] / max(report['requests'], 1):.0%} of them to social "
        f"media (a session starts on {arguments.social_share:.1%} of other requests; "
        f"written in {made:.0f} s, not counted)"
    )
    print(
        f"read: {cpu:.1f} s CPU, {wall:.1f} s wall "
        f"({arguments.lines / cpu:,.0f} lines per CPU second); "
        f"{report['social_media_requests']:,} social media requests; {rejected} rejected"
    )
    print(
        "resident memory (MB) per million lines read: "
        + ", ".join(f"{number // 1_000_000}M {mb:.0f}" for number, mb in samples)
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
    print(f"peak resident memory of the process: {peak:.0f} MB")
    print(
        f"org units shown {len(shown)}, suppressed {len(report['org_units']) - len(shown)}; "
        f"totals include suppressed groups: {report['totals']['includes_suppressed_groups']}"
    )
    leaked = [user for user, _ in people if f'"{user}"' in text_report]
    print(f"user names found in the report: {len(leaked)}")


if __name__ == "__main__":
    main()
