"""Real feeds through our RSS/Atom source parser and through feedparser on its own, side by side.

    .venv/bin/python bench/feed_corpus.py DIR [DIR ...] [--all-files] [--by-folder] [--worst 10]

Reads every .xml/.rss/.atom/.rdf file under each DIR (every file with --all-files) and gives
its bytes to `socialgov.engine.sources.rss.parse_feed` (what the connector runs after the
fetch) and to `feedparser.parse`. A feed counts as parsed when the parser recognises a feed
version or finds entries (for ours: when it does not refuse the file with a FeedError); an
exception of any other type from ours is a crash, the bug issue 19 is about. Nothing is
fetched: no feed can reach the network, and no file is copied anywhere.

Corpora used for issue 19 (none of them in the repository): feedparser's own test suite from
its sdist (`pip download feedparser --no-binary :all:`, tests/), and the real feeds in
chardet's test files shipped with the Google Cloud SDK.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import feedparser

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from socialgov.engine.sources.rss import FeedError, parse_feed

SUFFIXES = {".xml", ".rss", ".atom", ".rdf"}
NOW = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)


@dataclass
class Side:
    feeds: int = 0
    items: int = 0
    feeds_with_items: int = 0
    refused: int = 0
    crashed: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def add(self, items: int | None) -> None:
        if items is None:
            self.refused += 1
            return
        self.feeds += 1
        self.items += items
        self.feeds_with_items += bool(items)


@dataclass
class Tally:
    files: int = 0
    ours: Side = field(default_factory=Side)
    theirs: Side = field(default_factory=Side)
    fewer: list[tuple[int, str]] = field(default_factory=list)


def ours(body: bytes, name: str, side: Side) -> int | None:
    started = time.perf_counter()
    try:
        posts, _rejected = parse_feed(body, feed_url=f"https://corpus.example/{name}", now=NOW)
        return len(posts)  # an item we rejected is not an item found
    except FeedError:
        return None
    except Exception as error:  # the point of the count: anything else is a crash
        side.crashed[type(error).__name__] += 1
        return None
    finally:
        side.seconds += time.perf_counter() - started


def theirs(body: bytes, side: Side) -> int | None:
    started = time.perf_counter()
    try:
        parsed = feedparser.parse(body)
    except Exception as error:
        side.crashed[type(error).__name__] += 1
        return None
    finally:
        side.seconds += time.perf_counter() - started
    return len(parsed.entries) if parsed.get("version") or parsed.entries else None


def files_under(root: Path, every: bool) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and (every or p.suffix in SUFFIXES))


def tally(paths: list[Path], root: Path) -> Tally:
    result = Tally()
    for path in paths:
        body = path.read_bytes()
        name = str(path.relative_to(root))
        result.files += 1
        mine = ours(body, name, result.ours)
        feedparsers = theirs(body, result.theirs)
        result.ours.add(mine)
        result.theirs.add(feedparsers)
        if (feedparsers or 0) > (mine or 0):
            result.fewer.append(((feedparsers or 0) - (mine or 0), name))
    return result


def show(label: str, result: Tally) -> None:
    rows = [
        ("feeds parsed", lambda s: s.feeds),
        ("feeds with items", lambda s: s.feeds_with_items),
        ("items found", lambda s: s.items),
        ("files refused", lambda s: s.refused),
        ("crashes", lambda s: sum(s.crashed.values())),
        ("seconds", lambda s: round(s.seconds, 1)),
    ]
    print(f"\n{label}: {result.files} files")
    print(f"{'':24}{'socialgov':>12}{'feedparser':>12}")
    for name, value in rows:
        print(f"{name:24}{value(result.ours):>12}{value(result.theirs):>12}")
    if result.ours.crashed:
        print("  our crashes:", dict(result.ours.crashed))
    print(f"  files where we find fewer items than feedparser: {len(result.fewer)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--all-files", action="store_true", help="not only .xml/.rss/.atom/.rdf")
    parser.add_argument("--by-folder", action="store_true", help="a table per top-level folder")
    parser.add_argument("--worst", type=int, default=0, help="list the N files we lose most on")
    options = parser.parse_args()
    everything = Tally()
    for root in options.dirs:
        paths = files_under(root, options.all_files)
        groups: dict[str, list[Path]] = {}
        for path in paths:
            top = path.relative_to(root).parts[0] if options.by_folder else ""
            groups.setdefault(top, []).append(path)
        for top, group in sorted(groups.items()):
            result = tally(group, root)
            show(f"{root / top}" if top else str(root), result)
            for attr in ("ours", "theirs"):
                mine, total = getattr(result, attr), getattr(everything, attr)
                total.feeds += mine.feeds
                total.items += mine.items
                total.feeds_with_items += mine.feeds_with_items
                total.refused += mine.refused
                total.crashed.update(mine.crashed)
                total.seconds += mine.seconds
            everything.files += result.files
            everything.fewer += result.fewer
    if len(options.dirs) > 1 or options.by_folder:
        show("all", everything)
    for lost, name in sorted(everything.fewer, reverse=True)[: options.worst]:
        print(f"  {lost:>5} fewer  {name}")


if __name__ == "__main__":
    main()
