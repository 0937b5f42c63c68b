"""`socialgov bench analyze`: posts per second on one core, per analyzer and for the default
set, on real tweets, beside the peers, with each measurement's peak memory.

Every measurement runs in a fresh single-threaded process, so model loading and memory of one
analyzer do not leak into the next, and peak memory (max RSS) belongs to that measurement.
Time is the process's CPU time: posts per CPU-second is posts per second on one core, and it
stays meaningful on a machine shared with other work (wall-clock time would not).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
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
BATCH = 1024
PRESIDIO_POSTS = 2_000
COMMAND_POSTS = 50_000
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
        [e.text for e in ds.davidson(data_dir)],
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


@dataclass(frozen=True, slots=True)
class CommandResult:
    """One run of the whole `socialgov analyze` command (start-up, reading, writing included)."""

    workers: int
    posts: int
    wall_seconds: float
    cpu_seconds: float  # the command and its worker processes together
    peak_mib: float  # the largest single process

    @property
    def posts_per_second(self) -> float:
        return self.posts / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def posts_per_cpu_second(self) -> float:
        return self.posts / self.cpu_seconds if self.cpu_seconds else 0.0


def _run_command(path: str, posts: int, workers: int) -> CommandResult:
    """Runs in a fresh process, so its children's resource use is this command's alone."""
    argv = [sys.executable, "-m", "socialgov.cli", "analyze", "--input", path]
    argv += ["--output", os.devnull, "--workers", str(workers), "--no-progress"]
    started = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    return CommandResult(workers, posts, wall, cpu, usage.ru_maxrss / 1024)


def run_command_bench(texts: list[str], max_workers: int) -> list[CommandResult]:
    """The whole command on `texts` with 1, 2 ... `max_workers` worker processes."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "posts.jsonl")
        with open(path, "w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                handle.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
        return [
            _in_fresh_process(_run_command, path, len(texts), workers)
            for workers in range(1, max_workers + 1)
        ]


def format_command_bench(results: list[CommandResult], vader: float | None) -> str:
    lines = [
        f"whole `socialgov analyze` command, {results[0].posts} tweets, default analyzers:",
        f"{'workers':>7} {'posts/s':>9} {'× 1 worker':>10} {'posts/CPU-s':>11} {'peak MiB':>9}",
    ]
    one = results[0].posts_per_second
    for r in results:
        lines.append(
            f"{r.workers:>7} {r.posts_per_second:>9,.0f} {r.posts_per_second / one:>10.2f}"
            f" {r.posts_per_cpu_second:>11,.0f} {r.peak_mib:>9.0f}"
        )
    per_core = results[0].posts_per_cpu_second
    if vader:
        lines.append(
            f"one worker: {per_core:,.0f} posts per CPU-second = {per_core / vader:.2f}× VADER"
            f" ({vader:,.0f}) in this run"
        )
    lines.append(
        "posts/s is wall-clock time (it reads the load of the machine); posts/CPU-s counts the"
        " CPU time of the command and its workers"
    )
    return "\n".join(lines)


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
        f"{len(texts)} real tweets (tweeteval offensive/hate, davidson, xlm-t en fr de it pt es),"
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


def vader_speed(results: list[BenchResult]) -> float | None:
    return next((r.posts_per_second for r in results if r.name == "VADER"), None)


def format_bench(results: list[BenchResult], notes: list[str]) -> str:
    vader = vader_speed(results)
    lines = [
        f"{'analyzer':34} {'posts':>7} {'posts/s/core':>12} {'× VADER':>8} {'peak MiB':>9}  note"
    ]
    for r in results:
        ratio = f"{r.posts_per_second / vader:>8.2f}" if vader else f"{'-':>8}"
        lines.append(
            f"{r.name:34} {r.posts:>7} {r.posts_per_second:>12,.0f} {ratio}"
            f" {r.peak_mib:>9.0f}  {r.note}"
        )
    lines.extend(f"note: {n}" for n in notes)
    return "\n".join(lines)
