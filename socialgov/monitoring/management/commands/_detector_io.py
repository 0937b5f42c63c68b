"""File handling shared by the detector commands: streamed input, bad lines on stderr."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from django.core.management.base import CommandError, OutputWrapper

from socialgov.engine.detectors.streams import BadLine

SHOWN_BAD_LINES = 50


class BadLineReport:
    """Writes the first bad lines of a file to stderr and counts the rest."""

    def __init__(self, stderr: OutputWrapper, name: str) -> None:
        self.stderr = stderr
        self.name = "stdin" if name == "-" else name
        self.count = 0

    def __call__(self, bad: BadLine) -> None:
        self.count += 1
        if self.count <= SHOWN_BAD_LINES:
            self.stderr.write(f"{self.name} {bad}")
        elif self.count == SHOWN_BAD_LINES + 1:
            self.stderr.write(f"{self.name}: more bad lines, counting only")


@contextmanager
def open_input(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        yield stream


@contextmanager
def open_text_input(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
        return
    try:
        stream = Path(path).open(encoding="utf-8", errors="replace", newline="")  # noqa: SIM115
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    with stream:
        yield stream


@contextmanager
def open_output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    try:
        stream = Path(path).open("w", encoding="utf-8")  # noqa: SIM115
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror}") from None
    with stream:
        yield stream
