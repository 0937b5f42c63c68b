"""Streaming analysis of JSON-lines posts: constant memory, ordered output, optional workers.

Input lines are `{"id": ..., "text": ..., "lang"?, "platform"?, "author"?, "created_at"?,
"channel"?}`. Each input line gives exactly one output line, in the same order; a line that
cannot be analysed gives `{"line": N, "id": ..., "error": "..."}` and is counted, so callers can
exit non-zero while everything else is still analysed.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from socialgov.engine.types import Post

from .registry import Analyzer, analyze_batch, build
from .results import result_record

MAX_TEXT_CHARS = 1_000_000
# json.dumps(..., ensure_ascii=False) builds a new encoder on every call; this one is kept.
_to_json = json.JSONEncoder(ensure_ascii=False).encode
# Analysing makes millions of short-lived objects and no reference cycles worth chasing. With
# Python's default first threshold (700 allocations) the cyclic collector ran ~1,000 times per
# 20,000 posts and re-scanned the loaded word lists each time: ~7% of the CPU. 50,000 makes it
# run a few times per run; garbage is still freed at once by reference counting.
GC_THRESHOLDS = (50_000, 20, 10)


@contextmanager
def rare_garbage_collection() -> Iterator[None]:
    """While a command analyses; the caller's thresholds come back afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@dataclass(slots=True)
class Summary:
    lines: int = 0
    analysed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def posts_per_second(self) -> float:
        return self.analysed / self.seconds if self.seconds else 0.0


class BadLine(ValueError):
    pass


def parse_post(line: str) -> Post:
    try:
        data = json.loads(line)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BadLine(f"not JSON ({exc.__class__.__name__}: {str(exc)[:80]})") from None
    if not isinstance(data, dict):
        raise BadLine("not a JSON object")
    if "text" not in data:
        raise BadLine("no 'text'")
    text = data["text"]
    if not isinstance(text, str):
        raise BadLine(f"'text' is {type(text).__name__}, not a string")
    if len(text) > MAX_TEXT_CHARS:
        raise BadLine(f"'text' longer than {MAX_TEXT_CHARS} characters")
    post_id = data.get("id")
    if post_id is None:
        raise BadLine("no 'id'")
    if not isinstance(post_id, str | int) or isinstance(post_id, bool):
        raise BadLine("'id' must be a string or an integer")
    created = data.get("created_at")
    created_at = None
    if created is not None:
        try:
            created_at = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
        except ValueError:
            raise BadLine("'created_at' is not an ISO 8601 time") from None

    def optional(key: str) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise BadLine(f"'{key}' must be a string")
        return value

    return Post(
        id=post_id,
        text=text,
        lang=optional("lang"),
        platform=optional("platform"),
        author=optional("author"),
        created_at=created_at,
        channel=optional("channel"),
    )


def _lines_out(
    analyzers: Sequence[Analyzer], numbered: list[tuple[int, str]]
) -> list[tuple[str, str | None]]:
    """Output lines for one chunk, each with its error message (None when analysed)."""
    slugs = {a.slug for a in analyzers}
    posts: list[Post] = []
    slots: list[tuple[str, str | None] | None] = []
    for number, line in numbered:
        try:
            posts.append(parse_post(line))
            slots.append(None)
        except BadLine as exc:
            record = {"line": number, "error": str(exc)}
            slots.append((_to_json(record), f"line {number}: {exc}"))
    results = analyze_batch(analyzers, posts) if posts else []
    out: list[tuple[str, str | None]] = []
    it = iter(zip(posts, results, strict=True))
    for slot in slots:
        if slot is not None:
            out.append(slot)
            continue
        post, findings = next(it)
        out.append((_to_json(result_record(post, findings, slugs)), None))
    return out


_worker_analyzers: list[Analyzer] = []


def _worker_init(slugs: list[str] | None, settings: Mapping[str, Mapping[str, Any]]) -> None:
    global _worker_analyzers
    gc.set_threshold(*GC_THRESHOLDS)  # a worker process only analyses
    _worker_analyzers = build(slugs, settings)


def _worker_run(numbered: list[tuple[int, str]]) -> list[tuple[str, str | None]]:
    return _lines_out(_worker_analyzers, numbered)


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[tuple[int, str]]]:
    chunk: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        chunk.append((number, line))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def analyze_stream(
    source: IO[str],
    sink: IO[str],
    *,
    slugs: list[str] | None = None,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    workers: int = 1,
    batch_size: int = 1024,
    on_progress: Callable[[int], object] | None = None,
) -> Summary:
    """Analyse every line of `source`, writing one line per post to `sink`."""
    settings = settings or {}
    analyzers = build(slugs, settings)  # fail fast on bad names or settings
    summary = Summary()
    started = time.perf_counter()

    def consume(numbered: list[tuple[int, str]], lines: list[tuple[str, str | None]]) -> None:
        # One write per chunk: a write per line costs more than making the line.
        sink.write("".join([text + "\n" for text, _ in lines]))
        for (number, _), (_, error) in zip(numbered, lines, strict=True):
            if error is None:
                summary.analysed += 1
            else:
                summary.errors.append((number, error))
        if numbered:
            summary.lines = numbered[-1][0]
        if on_progress:
            on_progress(len(numbered))

    if workers <= 1:
        for numbered in _chunks(source, batch_size):
            consume(numbered, _lines_out(analyzers, numbered))
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_worker_init, initargs=(slugs, dict(settings))
        ) as pool:
            pending: deque[tuple[list[tuple[int, str]], Future[list[tuple[str, str | None]]]]] = (
                deque()
            )
            for numbered in _chunks(source, batch_size):
                pending.append((numbered, pool.submit(_worker_run, numbered)))
                # Bounded look-ahead keeps memory constant on any input size.
                while len(pending) >= 2 * workers:
                    done_chunk, future = pending.popleft()
                    consume(done_chunk, future.result())
            while pending:
                done_chunk, future = pending.popleft()
                consume(done_chunk, future.result())
    summary.seconds = time.perf_counter() - started
    return summary
