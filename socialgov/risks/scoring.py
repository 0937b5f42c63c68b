"""Risk scores, levels and KRI states as plain arithmetic: no Django, testable on its own."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


class ScoreError(ValueError):
    """A likelihood or impact that the matrix does not have."""


@dataclass(frozen=True)
class Band:
    key: str
    rank: int
    colour: str


@dataclass(frozen=True)
class MatrixSpec:
    """A square matrix: `cells[likelihood - 1][impact - 1]` is the key of a band."""

    size: int
    cells: tuple[tuple[str, ...], ...]
    bands: Mapping[str, Band]

    @classmethod
    def build(cls, size: int, cells: Sequence[Sequence[str]], bands: Sequence[Band]) -> MatrixSpec:
        by_key = {band.key: band for band in bands}
        if len(cells) != size or any(len(row) != size for row in cells):
            raise ScoreError(f"the grid must have {size} rows of {size} cells")
        unknown = {cell for row in cells for cell in row} - set(by_key)
        if unknown:
            raise ScoreError(f"the grid uses levels that are not defined: {sorted(unknown)}")
        return cls(size=size, cells=tuple(tuple(row) for row in cells), bands=by_key)

    def check(self, likelihood: int, impact: int) -> None:
        for name, value in (("likelihood", likelihood), ("impact", impact)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise ScoreError(f"{name} must be a whole number")
            if not 1 <= value <= self.size:
                raise ScoreError(f"{name} {value} is outside the matrix (1 to {self.size})")

    def score(self, likelihood: int, impact: int) -> int:
        self.check(likelihood, impact)
        return likelihood * impact

    def band(self, likelihood: int, impact: int) -> Band:
        self.check(likelihood, impact)
        return self.bands[self.cells[likelihood - 1][impact - 1]]


def rescale(value: int, from_size: int, to_size: int) -> int:
    """Map a level of one scale onto another (e.g. 4 of 5 → 3 of 4), keeping the ends fixed."""
    if from_size == to_size:
        return value
    if from_size <= 1:
        return 1
    position = (value - 1) / (from_size - 1)
    return max(1, min(to_size, 1 + math.floor(position * (to_size - 1) + 0.5)))


GREEN, AMBER, RED, UNKNOWN = "green", "amber", "red", "unknown"


def kri_state(value: float, *, amber: float, red: float, higher_is_worse: bool = True) -> str:
    """Green, amber or red for a measured value; thresholds are reached inclusively."""
    if math.isnan(value) or math.isinf(value):
        raise ValueError("a KRI value must be a finite number")
    if higher_is_worse:
        if value >= red:
            return RED
        return AMBER if value >= amber else GREEN
    if value <= red:
        return RED
    return AMBER if value <= amber else GREEN


def thresholds_consistent(*, amber: float, red: float, higher_is_worse: bool) -> bool:
    return red >= amber if higher_is_worse else red <= amber


def suggested_likelihood(current: int, size: int, state: str) -> int:
    """What a KRI suggests the likelihood should become: one step up on red."""
    if state == RED:
        return min(size, current + 1)
    return current
