"""`socialgov bench analyze`: posts per second on one core, per analyzer and for the default
set, on real tweets, beside the peers, with each measurement's peak memory.

Every measurement runs in a fresh single-threaded process, so model loading and memory of one
analyzer do not leak into the next, and peak memory (max RSS) belongs to that measurement.
Time is the process's CPU time: posts per CPU-second is posts per second on one core, and it
stays meaningful on a machine shared with other work (wall-clock time would not).
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from socialgov.engine.types import Post

from . import peers
from .registry import DEFAULT_ANALYZERS, analyze_batch, build
from .training import datasets as ds

T = TypeVar("T")
BATCH = 256
PRESIDIO_POSTS = 2_000
_THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)


@dataclass(frozen=True, slots=True)
class BenchResult:
    name: str
    posts: int
    seconds: float
    peak_mib: float
    note: str = ""

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.seconds if self.seconds else 0.0


def tweets(data_dir: Path, limit: int) -> list[str]:
    """Real tweets in several languages, interleaved so every slice is mixed."""
    pools = [
        [e.text for e in ds.tweeteval(data_dir, "offensive", "train")],
        [e.text for e in ds.tweeteval(data_dir, "hate", "train")],
        *[
            [e.text for e in ds.xlmt_sentiment(data_dir, lang, "train")]
            for lang in ds.XLMT_LANGUAGES
        ],
    ]
    out: list[str] = []
    index = 0
    while len(out) < limit and any(index < len(pool) for pool in pools):
        out.extend(pool[index] for pool in pools if index < len(pool))
        index += 1
    return out[:limit]


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure_ours(name: str, slugs: list[str] | None, texts: list[str]) -> BenchResult:
    analyzers = build(slugs)
    posts = [Post(i, t) for i, t in enumerate(texts)]
    analyze_batch(analyzers, posts[:BATCH])  # load models outside the timing
    started = time.process_time()
    for begin in range(0, len(posts), BATCH):
        analyze_batch(analyzers, posts[begin : begin + BATCH])
    seconds = time.process_time() - started
    note = {
        "sentiment": "includes language, which it depends on",
        "complaint": "includes language + sentiment, which it depends on",
        "toxicity": "includes language, which it depends on",
    }.get(name, "")
    return BenchResult(name, len(posts), seconds, _peak_mib(), note)


def _measure_peer(name: str, texts: list[str]) -> BenchResult | None:
    if name == "VADER":
        vader = peers.vader()
        if vader is None:
            return None
        vader(texts[:100])
        started = time.process_time()
        vader(texts)
        return BenchResult(
            name, len(texts), time.process_time() - started, _peak_mib(), "sentiment"
        )
    if name == "alt-profanity-check":
        profanity = peers.profanity_check()
        if profanity is None:
            return None
        profanity(texts[:100])
        started = time.process_time()
        for begin in range(0, len(texts), BATCH):
            profanity(texts[begin : begin + BATCH])
        return BenchResult(
            name, len(texts), time.process_time() - started, _peak_mib(), "offensive"
        )
    if name == "Presidio patterns":
        presidio = peers.presidio_patterns()
        if presidio is None:
            return None
        sample = texts[:PRESIDIO_POSTS]
        presidio(sample[0])
        started = time.process_time()
        for text in sample:
            presidio(text)
        return BenchResult(
            name,
            len(sample),
            time.process_time() - started,
            _peak_mib(),
            "personal data, pattern recognizers only",
        )
    raise ValueError(name)


def _in_fresh_process(function: Callable[..., T], *args: Any) -> T:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(function, *args).result()


def run_analyze_bench(
    data_dir: Path, *, posts: int = 10_000, with_peers: bool = True
) -> tuple[list[BenchResult], list[str]]:
    for variable in _THREAD_VARIABLES:
        os.environ[variable] = "1"
    texts = tweets(data_dir, posts)
    notes = [
        f"{len(texts)} real tweets (tweeteval offensive/hate, xlm-t en fr de it pt es),"
        f" batches of {BATCH}, one process, one thread"
    ]
    results = [_in_fresh_process(_measure_ours, slug, [slug], texts) for slug in DEFAULT_ANALYZERS]
    results.append(_in_fresh_process(_measure_ours, "default set (all of the above)", None, texts))
    if with_peers:
        for name in ("VADER", "alt-profanity-check", "Presidio patterns"):
            result = _in_fresh_process(_measure_peer, name, texts)
            if result is None:
                notes.append(f"{name}: not installed (pip install -e '.[bench]')")
            else:
                results.append(result)
    notes.append(
        f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    baseline = _in_fresh_process(_peak_mib)
    notes.append(f"an idle worker process peaks at {baseline:.0f} MiB")
    return results, notes


def format_bench(results: list[BenchResult], notes: list[str]) -> str:
    lines = [f"{'analyzer':34} {'posts':>7} {'posts/s/core':>12} {'peak MiB':>9}  note"]
    for r in results:
        lines.append(
            f"{r.name:34} {r.posts:>7} {r.posts_per_second:>12,.0f} {r.peak_mib:>9.0f}  {r.note}"
        )
    lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)
