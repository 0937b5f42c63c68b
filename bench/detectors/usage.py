"""Working-hours usage: proxy log lines per second, and the report's privacy properties.

A synthetic Squid native log for 400 people in 12 org units over two weeks: most requests go to
ordinary sites, some to social platforms in bursts (sessions), a few outside working hours.

    .venv/bin/python -m bench.detectors.usage [--lines 1000000]
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from socialgov.engine.detectors.proxy_logs import iter_squid, read_people
from socialgov.engine.detectors.usage import UsageAggregator, UsageSettings

BRUSSELS = ZoneInfo("Europe/Brussels")
SOCIAL = [
    "www.facebook.com",
    "static.xx.fbcdn.net",
    "www.instagram.com",
    "x.com",
    "www.linkedin.com",
    "www.tiktok.com",
    "www.youtube.com",
]
OTHER = ["intranet.acme.be", "mail.acme.be", "www.google.com", "docs.acme.be", "www.bbc.co.uk"]


def build(lines: int, seed: int, folder: Path) -> tuple[Path, Path]:
    rng = random.Random(seed)
    units = {f"unit{index:02d}": rng.randrange(3, 60) for index in range(12)}
    people = [
        (f"user{1000 + number}", unit)
        for number, unit in enumerate(unit for unit, size in units.items() for _ in range(size))
    ]
    people_path = folder / "people.csv"
    people_path.write_text(
        "user,org_unit\n" + "".join(f"{user},{unit}\n" for user, unit in people),
        encoding="utf-8",
    )
    start = datetime(2026, 3, 2, 8, tzinfo=BRUSSELS)
    entries: list[tuple[float, str]] = []
    while len(entries) < lines:
        user, _ = rng.choice(people)
        day = start + timedelta(days=rng.randrange(12))
        moment = day + timedelta(minutes=rng.randrange(0, 10 * 60))
        if rng.random() < 0.05:
            host = rng.choice(SOCIAL)
            minutes = rng.randrange(1, 15)
            for minute in range(0, minutes, 1):
                when = moment + timedelta(minutes=minute, seconds=rng.randrange(30))
                entries.append((when.timestamp(), f"{user} {host}"))
        else:
            entries.append((moment.timestamp(), f"{user} {rng.choice(OTHER)}"))
    entries.sort()
    log_path = folder / "access.log"
    with log_path.open("w", encoding="utf-8") as log:
        for stamp, text in entries[:lines]:
            user, host = text.split()
            log.write(
                f"{stamp:.3f}    {rng.randrange(5, 900)} 10.1.{rng.randrange(255)}."
                f"{rng.randrange(255)} TCP_TUNNEL/200 {rng.randrange(200, 90000)} "
                f"CONNECT {host}:443 {user} HIER_DIRECT/192.0.2.1 -\n"
            )
    return people_path, log_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2)
    arguments = parser.parse_args()
    key = b"bench-key-0123456789abcdef"
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        people_path, log_path = build(arguments.lines, arguments.seed, folder)
        settings = UsageSettings(key=key, zone=BRUSSELS)
        with people_path.open(encoding="utf-8") as people_file:
            people = read_people(people_file, key=key)
        aggregator = UsageAggregator(settings, people)
        started = time.process_time()
        with log_path.open(encoding="utf-8") as log:
            for request in iter_squid(log):
                aggregator.add(request)
        report = aggregator.report(generated_at=datetime(2026, 3, 20, tzinfo=UTC))
        elapsed = time.process_time() - started
        text = json.dumps(report)
    shown = [row for row in report["org_units"] if not row["suppressed"]]
    print(
        f"{arguments.lines:,} log lines in {elapsed:.1f} s CPU "
        f"({arguments.lines / elapsed:,.0f} lines/s); "
        f"{report['social_media_requests']:,} to social media"
    )
    print(
        f"org units shown {len(shown)}, suppressed {len(report['org_units']) - len(shown)}; "
        f"totals include suppressed groups: {report['totals']['includes_suppressed_groups']}"
    )
    leaked = [user for user in (f"user{n}" for n in range(1000, 2000)) if f'"{user}"' in text]
    print(f"user names found in the report: {len(leaked)}")
    for row in shown[:3]:
        print(
            f"  {row['org_unit']}: {row['people']} people, {row['minutes']:.0f} min, "
            f"share of working time {row['share_of_working_time']}"
        )


if __name__ == "__main__":
    main()
